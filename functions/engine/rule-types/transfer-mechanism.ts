import { countryName } from '../extract/countries.js';
import type { RuleType } from '../rules/rule.js';
import { entryLines } from './entry-lines.js';

type Params = { accepted: string[]; fix: string };

// The EU–US adequacy decision covers only organisations certified under the Data Privacy Framework.
const DPF_ONLY = 'dpf-participants';

/**
 * Reports each third party processing data outside the EEA, in a country without an adequacy
 * decision, whose entry names no transfer mechanism (GDPR Art. 44–46).
 */
export const transferMechanism: RuleType<Params> = {
  type: 'transfer-mechanism',
  paramsSchema: {
    type: 'object',
    required: ['accepted', 'fix'],
    properties: {
      accepted: { type: 'array', items: { type: 'string' }, minItems: 1 },
      fix: { type: 'string' },
    },
    additionalProperties: false,
  },
  check({ document, params, env, report }) {
    const { eea, adequacy, valid } = env.legal;
    if (eea.size === 0) return;
    for (const party of document.thirdParties) {
      const text = entryLines(document, party)
        .map((l) => l.text)
        .join('\n');
      // Only mechanisms that serve this transfer count: an adequacy claim for a country without
      // a decision, or the UK Extension for an EU exporter, does not.
      const named = valid.filter(
        (m) => params.accepted.includes(m.id) && m.patterns.some((p) => p.test(text)),
      );
      const dpf = named.some((m) => /dpf|privacy-framework/.test(m.id));
      // A decision counts from the day it was adopted: the verdict follows the data's dates.
      const inForce = (code: string) => {
        const decision = adequacy.get(code);
        return decision && decision.adopted <= env.now ? decision : undefined;
      };
      const outside = party.countries.filter((code) => {
        if (code === 'EU' || code === 'EEA' || eea.has(code)) return false;
        const decision = inForce(code);
        return decision === undefined || (decision.scope === DPF_ONLY && !dpf);
      });
      if (outside.length === 0 || named.length > 0) continue;
      const places = outside.map(countryName).join(', ');
      const usNote = outside.some((c) => inForce(c)?.scope === DPF_ONLY)
        ? ' (the EU–US adequacy decision covers only organisations certified under the Data Privacy Framework)'
        : '';
      report({
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} processes data in ${places}, outside the EEA and without an adequacy decision${usNote}; ${params.fix}`,
      });
    }
  },
};
