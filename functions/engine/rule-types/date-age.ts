import type { Span } from '../model.js';
import type { RuleType } from '../rules/rule.js';

type Params = { field: 'lastReviewed'; maxAgeDays: number; fix: string };

const DAY = 86_400_000;

function age(date: string, now: string): number | null {
  const then = Date.parse(date);
  return Number.isNaN(then) ? null : Math.floor((Date.parse(now) - then) / DAY);
}

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
      const days = age(date, env.now);
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
