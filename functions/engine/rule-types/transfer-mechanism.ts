import { countryName } from '../extract/countries.js';
import { adequacyVerdict, type AdequacyVerdict } from '../legal/adequacy-verdict.js';
import type { RuleType } from '../rules/rule.js';
import { entryLines } from './entry-lines.js';

type Params = { accepted: string[]; fix: string };
type Judged = { code: string; verdict: Exclude<AdequacyVerdict, { kind: 'adequate' }> };

// Dates change verdicts (Brazil from 2026-01-26, the UK's decisions end): say which, so a reader
// who runs an old check with --now sees why it differs from today's.
function dateNote({ code, verdict }: Judged): string {
  if (verdict.kind !== 'none') return '';
  if (verdict.upcoming)
    return ` (the adequacy decision for ${countryName(code)} applies only from ${verdict.upcoming.from})`;
  if (verdict.ended)
    return ` (the adequacy decision for ${countryName(code)} ended on ${verdict.ended.until})`;
  return '';
}

function outsideMessage(party: string, { code, verdict }: Judged, fix: string): string {
  if (verdict.kind !== 'outside') return '';
  const { decision, match } = verdict;
  const what = decision.covers
    ? `covers only ${decision.covers}; the entry says "${match}", which falls outside it`
    : `does not cover what the entry says ("${match}")`;
  return `${party} processes data in ${countryName(code)}, where the adequacy decision (${decision.decision}) ${what}. An entry relying on that decision must fall inside its scope; otherwise ${fix}`;
}

/**
 * Reports each third party processing data outside the EEA, in a country without an adequacy
 * decision on the date of the check (or outside the scope of the one there is), whose entry
 * names no transfer mechanism (GDPR Art. 44–46).
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
      if (named.length > 0) continue;
      const judged: Judged[] = party.countries
        .filter((code) => code !== 'EU' && code !== 'EEA' && !eea.has(code))
        .map((code) => ({
          code,
          verdict: adequacyVerdict(adequacy.get(code) ?? [], env.now, text),
        }))
        .filter((j): j is Judged => j.verdict.kind !== 'adequate');
      const without = judged.filter((j) => j.verdict.kind !== 'outside');
      const outside = judged.find((j) => j.verdict.kind === 'outside');
      if (without.length > 0) {
        const places = without.map((j) => countryName(j.code)).join(', ');
        const usNote = without.some((j) => j.verdict.kind === 'dpf-only')
          ? ' (the EU–US adequacy decision covers only organisations certified under the Data Privacy Framework)'
          : '';
        report({
          span: party.position,
          thirdParty: party.name,
          message: `${party.name} processes data in ${places}, outside the EEA and without an adequacy decision${usNote}${without.map(dateNote).join('')}; ${params.fix}`,
        });
      } else if (outside) {
        report({
          span: party.position,
          thirdParty: party.name,
          message: outsideMessage(party.name, outside, params.fix),
        });
      }
    }
  },
};
