import type { ThirdParty } from '../model.js';
import type { RuleType } from '../rules/rule.js';

type Params = { fix: string };

/** Reports every later listing of a vendor already listed, matched by the one vendor-matching function. */
export const unique: RuleType<Params> = {
  type: 'unique',
  paramsSchema: {
    type: 'object',
    required: ['fix'],
    properties: { fix: { type: 'string' } },
    additionalProperties: false,
  },
  check({ document, params, env, report }) {
    const firstByKey = new Map<string, ThirdParty>();
    for (const party of document.thirdParties) {
      const keys = env.vendorKeys(party.name);
      const first = keys.map((k) => firstByKey.get(k)).find(Boolean);
      if (first) {
        const same = first.name === party.name ? '' : ` as ${first.name}`;
        report({
          span: party.position,
          thirdParty: party.name,
          message: `${party.name} is listed again (first${same} at line ${first.line}); ${params.fix}`,
          related: [
            {
              path: document.path,
              line: first.line,
              column: first.position.column,
              message: `${first.name} first listed here`,
            },
          ],
        });
        continue;
      }
      for (const key of keys) firstByKey.set(key, party);
    }
  },
};
