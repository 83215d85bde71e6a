import { vendorKeys } from '../vendors/same-vendor.js';

/** The fields a privacy reviewer compares between two versions of a third-party list. */
export const COMPARED_FIELDS = ['purpose', 'location', 'gdprLink'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** The part of a third party the diff reads; reports, results and snapshots all have it. */
export interface ListedParty {
  name: string;
  purpose: string | null;
  location: string | null;
  gdprLink: string | null;
  /** Where it is listed; two listings of one vendor in different files are two entries. */
  file?: string;
}

export interface FieldChange {
  field: ComparedField;
  before: string | null;
  after: string | null;
}

export interface ChangedParty {
  name: string;
  /** The name before, when the listing was renamed to another form of the same vendor. */
  previousName: string | null;
  changes: FieldChange[];
}

export interface ThirdPartyDiff {
  added: ListedParty[];
  removed: ListedParty[];
  changed: ChangedParty[];
}

/**
 * How a third-party list changed: vendors added, removed, and changed field by field. Vendors
 * are matched by the one same-vendor function (so "AWS" → "Amazon Web Services" is a rename,
 * not a removal and an addition), within the same file when both sides say where they are
 * listed, else anywhere. A vendor listed twice is matched in order of appearance.
 */
export function diffThirdParties(
  before: readonly ListedParty[],
  after: readonly ListedParty[],
  aliasIndex: ReadonlyMap<string, string>,
): ThirdPartyDiff {
  const byKey = new Map<string, number[]>();
  const keysOf = (p: ListedParty): string[] =>
    vendorKeys(p.name, aliasIndex).map((k) => `${p.file ?? ''}\u0000${k}`);
  before.forEach((p, i) => {
    for (const key of keysOf(p)) {
      const list = byKey.get(key) ?? [];
      list.push(i);
      byKey.set(key, list);
    }
  });
  const matched = new Set<number>();
  const added: ListedParty[] = [];
  const changed: ChangedParty[] = [];
  for (const p of after) {
    let match: number | undefined;
    for (const key of keysOf(p)) {
      match = byKey.get(key)?.find((i) => !matched.has(i));
      if (match !== undefined) break;
    }
    if (match === undefined) {
      added.push(p);
      continue;
    }
    matched.add(match);
    const old = before[match]!;
    const changes = COMPARED_FIELDS.filter((f) => (old[f] ?? null) !== (p[f] ?? null)).map(
      (field) => ({ field, before: old[field] ?? null, after: p[field] ?? null }),
    );
    const renamed = old.name !== p.name;
    if (changes.length > 0 || renamed)
      changed.push({ name: p.name, previousName: renamed ? old.name : null, changes });
  }
  const removed = before.filter((_, i) => !matched.has(i));
  return { added, removed, changed };
}

/** True when nothing a reader of the list would notice changed. */
export function isEmptyDiff(diff: ThirdPartyDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
