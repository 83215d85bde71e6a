import type { RuleType } from '../rules/rule.js';

/** What people write for "not known yet": as good as blank. */
const PLACEHOLDER = /^(?:n\/?a|none|null|unknown|tbd|tba|tbc|todo|[-–—?.]+)$/i;

type Params = {
  field: 'purpose' | 'location' | 'transfer' | 'effective' | 'lastReviewed';
  label: string;
  fix: string;
};

/** Reports each third party whose `field` is missing or blank. */
export const requiredField: RuleType<Params> = {
  type: 'required-field',
  paramsSchema: {
    type: 'object',
    required: ['field', 'label', 'fix'],
    properties: {
      field: { enum: ['purpose', 'location', 'transfer', 'effective', 'lastReviewed'] },
      label: { type: 'string' },
      fix: { type: 'string' },
    },
    additionalProperties: false,
  },
  check({ document, params, report }) {
    for (const party of document.thirdParties) {
      const value = party[params.field];
      const text = typeof value === 'string' ? value.trim() : '';
      if (text && !PLACEHOLDER.test(text)) continue;
      const wrote = text ? ` (it says "${text}")` : '';
      report({
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} has no ${params.label}${wrote}; ${params.fix}`,
      });
    }
  },
};
