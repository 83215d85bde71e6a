import { countriesDiffer, purposesDiffer, vendorKeys } from '../../engine/index.js';
import type { SnapshotParty } from '../snapshot.js';

/** One value of a field as the listings state it, with the listings that state it. */
export interface FieldValue {
  value: string;
  sources: SnapshotParty['source'][];
}

/** A vendor as the page shows it: every listing of it, in any file, in one row. */
export interface MergedParty {
  /** The name of its first listing. */
  name: string;
  /** Its other names, as other listings spell them (`AWS` beside `Amazon Web Services`). */
  otherNames: string[];
  /** Indexes into the snapshot's `thirdParties`, in list order. */
  indexes: number[];
  sources: SnapshotParty['source'][];
  purpose: FieldValue[];
  location: FieldValue[];
  gdprLink: FieldValue[];
  /** The fields on which two files disagree, as the cross-document rule judges them. */
  disagreements: ('purpose' | 'location')[];
}

function values(
  listings: readonly SnapshotParty[],
  pick: (p: SnapshotParty) => string | null,
): FieldValue[] {
  const byValue = new Map<string, FieldValue>();
  for (const party of listings) {
    const value = pick(party)?.trim();
    if (!value) continue;
    const entry = byValue.get(value) ?? { value, sources: [] };
    entry.sources.push(party.source);
    byValue.set(value, entry);
  }
  return [...byValue.values()];
}

/** True when two listings in different files disagree as `differ` judges them. */
function filesDisagree(
  listings: readonly SnapshotParty[],
  differ: (a: SnapshotParty, b: SnapshotParty) => boolean,
): boolean {
  return listings.some((a, i) =>
    listings.slice(i + 1).some((b) => a.source.file !== b.source.file && differ(a, b)),
  );
}

/**
 * Groups the snapshot's listings by vendor through the engine's one vendor-matching function
 * (`vendorKeys`: case, punctuation, legal suffixes, trade names and the alias table), so a
 * repository that keeps a Markdown page and a YAML file shows each vendor once. Groups keep the
 * order of their first listing; the snapshot itself, as signed, is not changed.
 */
export function mergeParties(
  parties: readonly SnapshotParty[],
  aliasIndex: ReadonlyMap<string, string> = new Map(),
): MergedParty[] {
  // Union-find over listings: two listings that share a key are one vendor, and so are the
  // listings each of them shares a key with ("AWS", "Amazon Web Services (AWS)", "Amazon").
  const parent = parties.map((_, i) => i);
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byKey = new Map<string, number>();
  parties.forEach((party, i) => {
    for (const key of vendorKeys(party.name, aliasIndex)) {
      const other = byKey.get(key);
      if (other === undefined) byKey.set(key, i);
      else {
        const [a, b] = [root(other), root(i)];
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, number[]>();
  parties.forEach((_, i) => groups.set(root(i), [...(groups.get(root(i)) ?? []), i]));
  return [...groups.values()].map((indexes) => {
    const listings = indexes.map((i) => parties[i]!);
    const first = listings[0]!;
    return {
      name: first.name,
      otherNames: [...new Set(listings.map((p) => p.name))].filter((n) => n !== first.name),
      indexes,
      sources: listings.map((p) => p.source),
      purpose: values(listings, (p) => p.purpose),
      location: values(listings, (p) => p.location),
      gdprLink: values(listings, (p) => p.gdprLink),
      disagreements: [
        ...(filesDisagree(listings, purposesDiffer) ? (['purpose'] as const) : []),
        ...(filesDisagree(listings, countriesDiffer) ? (['location'] as const) : []),
      ],
    };
  });
}
