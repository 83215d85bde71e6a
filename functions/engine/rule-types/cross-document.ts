import type { ThirdParty } from '../model.js';
import type { DocumentSummary, RepositoryContext, RuleType } from '../rules/rule.js';

type Params = { minEntries: number };

const STOPWORDS = new Set([
  'and',
  'or',
  'the',
  'of',
  'for',
  'to',
  'a',
  'an',
  'in',
  'our',
  'we',
  'use',
  'with',
  'on',
  'by',
]);

function words(text: string | null): Set<string> {
  return new Set(
    (text ?? '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.filter((w) => w.length > 2 && !STOPWORDS.has(w)) ?? [],
  );
}

/** Purposes differ when they share no meaningful word ("Billing platform" / "payment processor"). */
function purposesDiffer(a: ThirdParty, b: ThirdParty): boolean {
  const x = words(a.purpose);
  const y = words(b.purpose);
  return x.size > 0 && y.size > 0 && ![...x].some((w) => y.has(w));
}

function countriesDiffer(a: ThirdParty, b: ThirdParty): boolean {
  const key = (p: ThirdParty): string => [...p.countries].sort().join();
  return a.countries.length > 0 && b.countries.length > 0 && key(a) !== key(b);
}

function compare(
  a: DocumentSummary,
  b: DocumentSummary,
  { env, report }: Pick<RepositoryContext<Params>, 'env' | 'report'>,
): void {
  const index = new Map<string, ThirdParty>();
  for (const party of b.thirdParties)
    for (const key of env.vendorKeys(party.name)) if (!index.has(key)) index.set(key, party);
  const firstLine = b.thirdParties[0]?.line ?? 1;
  for (const party of a.thirdParties) {
    const other = env
      .vendorKeys(party.name)
      .map((k) => index.get(k))
      .find(Boolean);
    if (!other) {
      report({
        path: a.path,
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} is listed here but not in ${b.path}; add it there, or remove it here if it is no longer used`,
        related: [
          {
            path: b.path,
            line: firstLine,
            column: 1,
            message: `the list in ${b.path} has no ${party.name}`,
          },
        ],
      });
      continue;
    }
    const related = [
      {
        path: b.path,
        line: other.line,
        column: other.position.column,
        message: `${other.name} in ${b.path}`,
      },
    ];
    if (countriesDiffer(party, other)) {
      report({
        path: a.path,
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} is located in ${party.location} here but in ${other.location} in ${b.path}:${other.line}; make the lists agree`,
        related,
      });
    }
    if (purposesDiffer(party, other)) {
      report({
        path: a.path,
        span: party.position,
        thirdParty: party.name,
        message: `${party.name} is for "${party.purpose}" here but "${other.purpose}" in ${b.path}:${other.line}; make the lists agree`,
        related,
      });
    }
  }
}

/**
 * Compares every list of third parties in the repository with every other: a vendor missing
 * from one, or listed with another location or purpose, is reported in each place it stands.
 */
export const crossDocument: RuleType<Params> = {
  type: 'cross-document',
  paramsSchema: {
    type: 'object',
    required: ['minEntries'],
    properties: { minEntries: { type: 'integer', minimum: 1 } },
    additionalProperties: false,
  },
  checkRepository({ documents, params, env, report }) {
    const lists = documents.filter((d) => d.thirdParties.length >= params.minEntries);
    for (const a of lists) for (const b of lists) if (a !== b) compare(a, b, { env, report });
  },
};
