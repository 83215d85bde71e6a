/** What the public page must show for a signed snapshot, worked out apart from the page's code. */
import { expect } from 'vitest';
import { sameVendor } from '../../functions/engine/index.js';
import { webUrl } from '../../functions/snapshot/page/index.js';
import type { Snapshot, SnapshotParty } from '../../functions/snapshot/snapshot.js';
import type { TableRow } from './parse-page.js';

/**
 * Groups the signed listings into vendors the slow, obvious way: each listing joins the first
 * group holding a listing that `sameVendor`, the engine's one vendor-matching function, matches.
 */
export function vendorsOf(snapshot: Snapshot, aliasIndex: ReadonlyMap<string, string> = new Map()) {
  const groups: SnapshotParty[][] = [];
  for (const p of snapshot.thirdParties) {
    const group = groups.find((g) => g.some((q) => sameVendor(p.name, q.name, aliasIndex)));
    if (group) group.push(p);
    else groups.push([p]);
  }
  return groups;
}

const place = (p: SnapshotParty): string =>
  `${p.source.file}, line\u00a0${p.source.endLine > p.source.line ? `${p.source.line}–${p.source.endLine}` : p.source.line}`;

/** What the table must say for each vendor of the signed snapshot: one row per vendor. */
export const expectedRows = (snapshot: Snapshot, aliasIndex?: ReadonlyMap<string, string>) =>
  vendorsOf(snapshot, aliasIndex).map((listings) => {
    const one = (pick: (p: SnapshotParty) => string | null): string | null | string[] => {
      const values = [...new Set(listings.map(pick).filter((v) => v?.trim()))] as string[];
      return values.length === 0 ? null : values.length === 1 ? values[0]! : values;
    };
    const others = [...new Set(listings.map((p) => p.name))].slice(1);
    return {
      name: listings[0]!.name,
      otherNames: others,
      purpose: one((p) => p.purpose),
      location: one((p) => p.location),
      gdprLink: one((p) => (p.gdprLink === null ? null : (webUrl(p.gdprLink)?.href ?? p.gdprLink))),
      source: listings.map(place).join('\n'),
    };
  });

/** The rows read back from the page match the expected ones; a field with several values lists each. */
export function expectRows(rows: TableRow[], expected: ReturnType<typeof expectedRows>): void {
  expect(rows.map((r) => [r.name, r.otherNames])).toEqual(
    expected.map((e) => [e.name, e.otherNames]),
  );
  rows.forEach((row, i) => {
    const want = expected[i]!;
    expect(row.source, row.name).toBe(want.source);
    for (const field of ['purpose', 'location', 'gdprLink'] as const) {
      const value = want[field];
      if (Array.isArray(value)) for (const v of value) expect(row[field], row.name).toContain(v);
      else expect(row[field], `${row.name} ${field}`).toBe(value);
    }
  });
}
