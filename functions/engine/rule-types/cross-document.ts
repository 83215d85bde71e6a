import type { RelatedLocation, ThirdParty } from '../model.js';
import type { DocumentSummary, RuleType } from '../rules/rule.js';

type Params = { minEntries: number; maxLists: number };

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

/**
 * Purposes differ when they share no meaningful word ("Billing platform" / "payment processor").
 * The public page marks the same disagreements this rule reports, through this function.
 */
export function purposesDiffer(
  a: Pick<ThirdParty, 'purpose'>,
  b: Pick<ThirdParty, 'purpose'>,
): boolean {
  const x = words(a.purpose);
  const y = words(b.purpose);
  return x.size > 0 && y.size > 0 && ![...x].some((w) => y.has(w));
}

/** Locations differ when both name countries and the sets are not the same. */
export function countriesDiffer(
  a: Pick<ThirdParty, 'countries'>,
  b: Pick<ThirdParty, 'countries'>,
): boolean {
  const key = (p: Pick<ThirdParty, 'countries'>): string => [...p.countries].sort().join();
  return a.countries.length > 0 && b.countries.length > 0 && key(a) !== key(b);
}

function listOfPaths(shown: string[], count: number, total: number): string {
  if (count === 1) return shown[0] as string;
  if (count <= NAMED) return `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `${count} of the other ${total} lists (${shown.join(', ')}, …)`;
}

/** The first listing of a vendor in a list other than `doc`: one step in the usual case. */
function* firstOther(
  listed: Map<DocumentSummary, ThirdParty>,
  doc: DocumentSummary,
): Generator<[DocumentSummary, ThirdParty]> {
  for (const entry of listed) if (entry[0] !== doc) return yield entry;
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
    required: ['minEntries', 'maxLists'],
    properties: {
      minEntries: { type: 'integer', minimum: 1 },
      maxLists: { type: 'integer', minimum: 2 },
    },
    additionalProperties: false,
  },
  checkRepository({ documents, params, env, report }) {
    const lists = documents.filter((d) => d.thirdParties.length >= params.minEntries);
    if (lists.length < 2) return;
    if (lists.length > params.maxLists) {
      // Unrelated lists (a folder of many companies' pages) would all disagree: say so once.
      const first = lists[0] as DocumentSummary;
      report({
        path: first.path,
        span: {
          line: first.thirdParties[0]?.line ?? 1,
          column: 1,
          endLine: first.thirdParties[0]?.line ?? 1,
          endColumn: 1,
        },
        severity: 'notice',
        message: `${lists.length} lists of third parties were found; they are compared only when there are at most ${params.maxLists}. Narrow "files" in .policy-checker.yml to the lists that must agree, or raise maxLists`,
      });
      return;
    }
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
        const byDoc = env
          .vendorKeys(party.name)
          .map((k) => listings.get(k) ?? new Map<DocumentSummary, ThirdParty>());
        const listedIn = (other: DocumentSummary): boolean => byDoc.some((m) => m.has(other));
        // Most names have one key: the lists that have it are counted, not walked.
        const present =
          byDoc.length === 1
            ? (byDoc[0]?.size ?? 1) - 1
            : new Set(byDoc.flatMap((m) => [...m.keys()]).filter((d) => d !== doc)).size;
        const missingCount = lists.length - 1 - present;
        if (missingCount > 0) {
          const named: DocumentSummary[] = [];
          for (const other of lists) {
            if (named.length === NAMED) break;
            if (other !== doc && !listedIn(other)) named.push(other);
          }
          report({
            path: doc.path,
            span: party.position,
            thirdParty: party.name,
            message: `${party.name} is listed here but not in ${listOfPaths(
              named.map((m) => m.path),
              missingCount,
              lists.length - 1,
            )}; add it there, or remove it here if it is no longer used`,
            related: named.map((m) => ({
              path: m.path,
              line: m.thirdParties[0]?.line ?? 1,
              column: 1,
              message: `the list in ${m.path} has no ${party.name}`,
            })),
          });
        }
        const first = byDoc.flatMap((m) => [...firstOther(m, doc)])[0];
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
