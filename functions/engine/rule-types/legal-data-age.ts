import { daysBetween } from '../extract/dates.js';
import type { RuleType } from '../rules/rule.js';

type Params = { maxAgeDays: number; fix: string };

/**
 * Reports, once per check, legal data (adequacy decisions, transfer mechanisms) last reviewed
 * more than `maxAgeDays` before the date of the check: the law may have moved since, and only
 * an update of the tool brings the change. The finding sits on the first file, line 1, because
 * it is about the check, not about any entry.
 */
export const legalDataAge: RuleType<Params> = {
  type: 'legal-data-age',
  paramsSchema: {
    type: 'object',
    required: ['maxAgeDays', 'fix'],
    properties: {
      maxAgeDays: { type: 'integer', minimum: 1 },
      fix: { type: 'string' },
    },
    additionalProperties: false,
  },
  checkRepository({ documents, params, env, report }) {
    const { version, reviewed } = env.legal.version;
    const first = [...documents].sort((a, b) => a.path.localeCompare(b.path))[0];
    // No legal data loaded (tests, presence-only packs): nothing judged by it, nothing to say.
    if (!first || version === 'none') return;
    const days = daysBetween(reviewed, env.now);
    const unknown = days === null;
    if (!unknown && days <= params.maxAgeDays) return;
    const age = unknown
      ? 'has no valid review date'
      : `was last reviewed against its sources on ${reviewed}, ${days} days before this check (${env.now}; allowed: ${params.maxAgeDays})`;
    report({
      path: first.path,
      span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      message: `The legal data that judged this check (adequacy decisions and transfer mechanisms, version ${version}) ${age}, so decisions adopted, renewed or ended since are not in it; ${params.fix}`,
    });
  },
};
