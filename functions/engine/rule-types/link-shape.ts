import type { RuleType } from '../rules/rule.js';

type Params = { label: string; fix: string };

/**
 * Reports each third party without a qualifying link (an absolute https URL about its GDPR /
 * DPA terms, as the extractor judged), saying what was found instead.
 */
export const linkShape: RuleType<Params> = {
  type: 'link-shape',
  paramsSchema: {
    type: 'object',
    required: ['label', 'fix'],
    properties: { label: { type: 'string' }, fix: { type: 'string' } },
    additionalProperties: false,
  },
  check({ document, params, report }) {
    for (const party of document.thirdParties) {
      if (party.gdprLink && /^https:\/\//i.test(party.gdprLink)) continue;
      const instead = party.gdprLinkFoundInstead ? `; found ${party.gdprLinkFoundInstead}` : '';
      report({
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} has no ${params.label}; ${params.fix}${instead}`,
      });
    }
  },
};
