import type { RuleType } from '../rules/rule.js';
import { entryLines } from './entry-lines.js';

type Params = Record<string, never>;

/** Reports each third party whose entry relies on a transfer mechanism that is no longer valid. */
export const invalidMechanism: RuleType<Params> = {
  type: 'invalid-mechanism',
  paramsSchema: { type: 'object', additionalProperties: false },
  check({ document, env, report }) {
    const { invalid, valid } = env.legal;
    for (const party of document.thirdParties) {
      const lines = entryLines(document, party);
      if (!env.legal.anyInvalid.test(lines.map((l) => l.text).join('\n'))) continue;
      // A mechanism is invalid from its date on: before it, relying on it was lawful.
      for (const mechanism of invalid.filter((m) => m.invalidSince <= env.now)) {
        const hit = lines
          .map((l) => ({
            ...l,
            match: mechanism.patterns.map((p) => p.exec(l.text)).find(Boolean),
          }))
          .find((l) => l.match);
        if (!hit?.match) continue;
        const successor =
          valid.find((m) => m.id === mechanism.replacedBy)?.name ?? mechanism.replacedBy;
        const column = hit.match.index + 1;
        report({
          span: {
            line: hit.line,
            column,
            endLine: hit.line,
            endColumn: column + hit.match[0].length,
          },
          thirdParty: party.name,
          message: `${party.name} relies on the ${mechanism.name}, invalid since ${mechanism.invalidSince}: ${mechanism.why} Rely on the ${successor} or another valid mechanism instead`,
        });
      }
    }
  },
};
