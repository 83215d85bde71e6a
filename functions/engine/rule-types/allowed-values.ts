import type { ThirdParty } from '../model.js';
import type { RuleType } from '../rules/rule.js';

type Params = { field: 'countries' | 'transfer' | 'dataCategories'; values: string[]; fix: string };

function valuesOf(party: ThirdParty, field: Params['field']): string[] {
  const value = party[field];
  if (Array.isArray(value)) return value;
  return typeof value === 'string' && value ? [value] : [];
}

/** Reports each third party with a value outside the allowed list ("data stays in the EEA"). */
export const allowedValues: RuleType<Params> = {
  type: 'allowed-values',
  paramsSchema: {
    type: 'object',
    required: ['field', 'values', 'fix'],
    properties: {
      field: { enum: ['countries', 'transfer', 'dataCategories'] },
      values: { type: 'array', items: { type: 'string' }, minItems: 1 },
      fix: { type: 'string' },
    },
    additionalProperties: false,
  },
  check({ document, params, report }) {
    const allowed = new Set(params.values.map((v) => v.toLowerCase()));
    for (const party of document.thirdParties) {
      const bad = valuesOf(party, params.field).filter((v) => !allowed.has(v.toLowerCase()));
      if (bad.length === 0) continue;
      report({
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} has ${params.field} ${bad.map((b) => `"${b}"`).join(', ')} outside the allowed ${params.values.join(', ')}; ${params.fix}`,
      });
    }
  },
};
