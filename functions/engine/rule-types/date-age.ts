import type { Span } from '../model.js';
import type { RuleType } from '../rules/rule.js';
import { daysBetween } from '../extract/dates.js';

type Params = { field: 'lastReviewed'; maxAgeDays: number; fix: string };

/** Reports an entry, or a whole file, whose date field (`lastReviewed`) is older than allowed. */
export const dateAge: RuleType<Params> = {
  type: 'date-age',
  paramsSchema: {
    type: 'object',
    required: ['field', 'maxAgeDays', 'fix'],
    properties: {
      field: { enum: ['lastReviewed'] },
      maxAgeDays: { type: 'integer', minimum: 1 },
      fix: { type: 'string' },
    },
    additionalProperties: false,
  },
  check({ document, params, env, report }) {
    const stale = (who: string, date: string, span: Span, thirdParty: string | null): void => {
      const days = daysBetween(date, env.now);
      if (days === null || days <= params.maxAgeDays) return;
      report({
        span,
        thirdParty,
        message: `${who} was last reviewed on ${date}, ${days} days ago (allowed: ${params.maxAgeDays}); ${params.fix}`,
      });
    };
    const value = document.structured?.value;
    const fileDate =
      value && typeof value === 'object'
        ? (value as Record<string, unknown>)[params.field]
        : undefined;
    if (typeof fileDate === 'string' && document.structured) {
      stale(
        `The list in ${document.path}`,
        fileDate,
        document.structured.spanAt(`/${params.field}`),
        null,
      );
    }
    for (const party of document.thirdParties) {
      const date = party[params.field];
      if (date) stale(party.name, date, party.position, party.name);
    }
  },
};
