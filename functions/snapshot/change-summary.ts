import type { SnapshotChanges, SnapshotListing } from './snapshot.js';

/** One line of a change: what a subscriber reads in the feed. */
export interface ChangeItem {
  kind: 'added' | 'removed' | 'changed';
  name: string;
  /** The file it is listed in, for additions and removals (one vendor may be in two files). */
  file: string | null;
  detail: string;
}

/** The changes of one snapshot, small enough to keep beside its sequence claim. */
export interface ChangeSummary {
  added: number;
  removed: number;
  changed: number;
  /** The first MAX_ITEMS changes; the counts above are complete. */
  items: ChangeItem[];
}

/** A first snapshot of a long list would otherwise repeat the whole list in every feed. */
export const MAX_ITEMS = 100;

const quote = (value: string | null): string => (value === null ? 'none' : `"${value}"`);

function describe(p: SnapshotListing): string {
  return [p.purpose, p.location, p.gdprLink].filter((v) => v !== null && v !== '').join('; ');
}

const listed = (kind: 'added' | 'removed', p: SnapshotListing): ChangeItem => ({
  kind,
  name: p.name,
  file: p.file || null,
  detail: describe(p),
});

/** Summarises a snapshot's changes, or null when the list did not change. */
export function summariseChanges(changes: SnapshotChanges): ChangeSummary | null {
  const items: ChangeItem[] = [
    ...changes.added.map((p) => listed('added', p)),
    ...changes.removed.map((p) => listed('removed', p)),
    ...changes.changed.map((c) => ({
      kind: 'changed' as const,
      name: c.name,
      file: null,
      detail: [
        ...(c.previousName ? [`renamed from ${quote(c.previousName)}`] : []),
        ...c.changes.map((f) => `${f.field} ${quote(f.before)} → ${quote(f.after)}`),
      ].join('; '),
    })),
  ];
  if (items.length === 0) return null;
  return {
    added: changes.added.length,
    removed: changes.removed.length,
    changed: changes.changed.length,
    items: items.slice(0, MAX_ITEMS),
  };
}

/** One line per change, as `verify` and the feed print them. */
export function changeLines(summary: ChangeSummary): string[] {
  const mark = { added: '+', removed: '-', changed: '~' } as const;
  const lines = summary.items.map(
    (i) =>
      `${mark[i.kind]} ${i.name}${i.file ? ` (${i.file})` : ''}${i.detail ? `: ${i.detail}` : ''}`,
  );
  const total = summary.added + summary.removed + summary.changed;
  if (total > summary.items.length) lines.push(`… and ${total - summary.items.length} more`);
  return lines;
}

/** `2 added (Stripe, Intercom), 1 removed (Mailgun)`. */
export function changeTitle(summary: ChangeSummary): string {
  const part = (kind: ChangeItem['kind'], count: number): string[] => {
    if (count === 0) return [];
    const names = summary.items.filter((i) => i.kind === kind).map((i) => i.name);
    const shown = names.slice(0, 5).join(', ') + (count > 5 ? ', …' : '');
    return [`${count} ${kind} (${shown})`];
  };
  return [
    ...part('added', summary.added),
    ...part('removed', summary.removed),
    ...part('changed', summary.changed),
  ].join(', ');
}
