import type { RuleType } from '../rules/rule.js';
import { addDays, daysBetween } from '../extract/dates.js';

type Params = { noticeDays: number; fix: string };

/**
 * Reports a third party that is new since the baseline (the base branch, the last snapshot, or
 * `--since <ref>`) and takes effect sooner than the notice period allows (GDPR Art. 28(2)/(4)).
 */
export const noticePeriod: RuleType<Params> = {
  type: 'notice-period',
  paramsSchema: {
    type: 'object',
    required: ['noticeDays', 'fix'],
    properties: { noticeDays: { type: 'integer', minimum: 0 }, fix: { type: 'string' } },
    additionalProperties: false,
  },
  check({ document, params, env, report }) {
    const baseline = env.baseline;
    if (!baseline) return;
    for (const party of document.thirdParties) {
      const days = party.effective ? daysBetween(env.now, party.effective) : null;
      if (days === null || days >= params.noticeDays) continue;
      if (env.vendorKeys(party.name).some((k) => baseline.vendorKeys.has(k))) continue;
      const earliest = addDays(env.now, params.noticeDays);
      const when = days < 0 ? `${-days} days ago` : days === 0 ? 'today' : `in ${days} days`;
      report({
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} is new since ${baseline.label} and takes effect on ${party.effective} (${when}); customers must be told ${params.noticeDays} days ahead, so ${params.fix} ${earliest} or later`,
      });
    }
  },
};
