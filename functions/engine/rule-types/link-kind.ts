import { classifyLink } from '../extract/gdpr-link.js';
import type { RuleType } from '../rules/rule.js';

type Params = { fix: string };

/**
 * Reports a GDPR link whose URL is a generic privacy policy although its text or field calls it
 * GDPR terms: the entry has a link, but not to the terms a reader needs.
 */
export const linkKind: RuleType<Params> = {
  type: 'link-kind',
  paramsSchema: {
    type: 'object',
    required: ['fix'],
    properties: { fix: { type: 'string' } },
    additionalProperties: false,
  },
  check({ document, params, report }) {
    for (const party of document.thirdParties) {
      if (!party.gdprLink || classifyLink({ text: '', url: party.gdprLink }) !== 'privacy-policy')
        continue;
      const line = party.links.find((l) => l.url === party.gdprLink)?.line ?? party.line;
      const span =
        line === party.line ? party.position : { line, column: 1, endLine: line, endColumn: 1 };
      report({
        span,
        thirdParty: party.name,
        message: `${party.name}'s GDPR link ${party.gdprLink} points to a generic privacy policy; ${params.fix}`,
      });
    }
  },
};
