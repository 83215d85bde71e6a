import type { RelatedLocation, ThirdParty } from '../model.js';
import type { DocumentSummary, RuleType } from '../rules/rule.js';

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
// A vendor missing from many lists names a few of them, not all: the message stays readable.
const NAMED = 3;

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

function listOfPaths(paths: string[], total: number): string {
  if (paths.length === 1) return paths[0] as string;
  const shown = paths.slice(0, NAMED);
  if (paths.length <= NAMED) return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `${paths.length} of the other ${total} lists (${shown.join(', ')}, …)`;
}

/**
 * Compares the repository's lists of third parties: a vendor missing from another list, or
 * listed elsewhere with another location or purpose, is reported where it stands, naming the
 * other file and line. Linear in the number of entries: each entry gets at most one finding of
 * each kind, however many lists there are.
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
    if (lists.length < 2) return;
    // Vendor key → the first listing of that vendor in each list, in list order.
    const listings = new Map<string, Map<DocumentSummary, ThirdParty>>();
    for (const doc of lists) {
      for (const party of doc.thirdParties) {
        for (const key of env.vendorKeys(party.name)) {
          const byDoc = listings.get(key) ?? new Map<DocumentSummary, ThirdParty>();
          if (!byDoc.has(doc)) byDoc.set(doc, party);
          listings.set(key, byDoc);
        }
      }
    }
    for (const doc of lists) {
      for (const party of doc.thirdParties) {
        const elsewhere = new Map<DocumentSummary, ThirdParty>();
        for (const key of env.vendorKeys(party.name)) {
          for (const [other, listed] of listings.get(key) ?? [])
            if (other !== doc && !elsewhere.has(other)) elsewhere.set(other, listed);
        }
        const missing = lists.filter((other) => other !== doc && !elsewhere.has(other));
        if (missing.length > 0) {
          report({
            path: doc.path,
            span: party.position,
            thirdParty: party.name,
            message: `${party.name} is listed here but not in ${listOfPaths(
              missing.map((m) => m.path),
              lists.length - 1,
            )}; add it there, or remove it here if it is no longer used`,
            related: missing.slice(0, NAMED).map((m) => ({
              path: m.path,
              line: m.thirdParties[0]?.line ?? 1,
              column: 1,
              message: `the list in ${m.path} has no ${party.name}`,
            })),
          });
        }
        const [first] = elsewhere;
        if (!first) continue;
        const [otherDoc, other] = first;
        const related: RelatedLocation[] = [
          {
            path: otherDoc.path,
            line: other.line,
            column: other.position.column,
            message: `${other.name} in ${otherDoc.path}`,
          },
        ];
        if (countriesDiffer(party, other)) {
          report({
            path: doc.path,
            span: party.position,
            thirdParty: party.name,
            message: `${party.name} is located in ${party.location} here but in ${other.location} in ${otherDoc.path}:${other.line}; make the lists agree`,
            related,
          });
        }
        if (purposesDiffer(party, other)) {
          report({
            path: doc.path,
            span: party.position,
            thirdParty: party.name,
            message: `${party.name} is for "${party.purpose}" here but "${other.purpose}" in ${otherDoc.path}:${other.line}; make the lists agree`,
            related,
          });
        }
      }
    }
  },
};
