import type { ChangeSummary } from '../change-summary.js';
import type { SnapshotChanges, SnapshotListing } from '../snapshot.js';
import { snapshotFile, snapshotPageFile } from '../snapshot-paths.js';
import { timeTag } from './dates.js';
import { escapeHtml } from './html.js';
import type { PageHistoryEntry } from './types.js';

/** The page shows this many versions; index.json lists every one. */
export const MAX_HISTORY = 100;

/** The first version names its vendors inline up to this many. */
const MAX_FIRST_NAMES = 20;

const FIELD_NAMES: Record<string, string> = {
  purpose: 'purpose',
  location: 'location',
  gdprLink: 'GDPR link',
};

const value = (v: string | null): string =>
  v === null || v === '' ? '<span class="none">none</span>' : `<bdi>${escapeHtml(v)}</bdi>`;

const fromTo = (label: string, before: string | null, after: string | null): string =>
  `<li>${escapeHtml(label)}: from <del>${value(before)}</del> to <ins>${value(after)}</ins></li>`;

const listed = (kind: 'add' | 'del', p: { name: string; file: string | null }): string =>
  `<li><span class="k ${kind}">${kind === 'add' ? 'Added' : 'Removed'}</span> <bdi>${escapeHtml(p.name)}</bdi>${
    p.file ? ` <span class="src">(${escapeHtml(p.file)})</span>` : ''
  }</li>`;

function fullChanges(changes: SnapshotChanges): string[] {
  const file = (p: SnapshotListing) => ({ name: p.name, file: p.file || null });
  return [
    ...changes.added.map((p) => listed('add', file(p))),
    ...changes.removed.map((p) => listed('del', file(p))),
    ...changes.changed.map(
      (c) =>
        `<li><span class="k">Changed</span> <bdi>${escapeHtml(c.name)}</bdi><ul>${[
          ...(c.previousName ? [fromTo('name', c.previousName, c.name)] : []),
          ...c.changes.map((f) => fromTo(FIELD_NAMES[f.field] ?? f.field, f.before, f.after)),
        ].join('')}</ul></li>`,
    ),
  ];
}

function summaryChanges(summary: ChangeSummary): string[] {
  const items = summary.items.map((i) =>
    i.kind === 'changed'
      ? `<li><span class="k">Changed</span> <bdi>${escapeHtml(i.name)}</bdi>: ${escapeHtml(i.detail)}</li>`
      : listed(i.kind === 'added' ? 'add' : 'del', i),
  );
  const more = summary.added + summary.removed + summary.changed - summary.items.length;
  return more > 0 ? [...items, `<li>… and ${more} more</li>`] : items;
}

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function entryHtml(entry: PageHistoryEntry): string {
  const title = `<a href="${snapshotPageFile(entry.sequence)}">Version ${entry.sequence}</a> · ${timeTag(entry.publishedAt)}`;
  const failed = entry.conclusion === 'failure' ? ' · check failed' : '';
  const changes = entry.changes;
  const empty =
    changes === undefined || changes === null
      ? entry.summary === null
      : changes.added.length + changes.removed.length + changes.changed.length === 0;
  if (empty)
    return `<p class="quiet">${title}${failed}: no change to the list (<a href="${snapshotFile(entry.sequence)}">${snapshotFile(entry.sequence)}</a>).</p>`;
  // The first version adds the whole list: its names (a long list: its page), not a line each.
  if (entry.sequence === 1 && changes && changes.removed.length + changes.changed.length === 0) {
    const { added } = changes;
    const names =
      added.length <= MAX_FIRST_NAMES
        ? `: ${added.map((p) => `<bdi>${escapeHtml(p.name)}</bdi>`).join(', ')}`
        : `, in the table of <a href="${snapshotPageFile(1)}">version 1</a>`;
    return [
      `<div class="entry"><h3>${title}${failed}</h3>`,
      `<p>The first published list, with ${count(added.length, 'third party', 'third parties')}${names}.</p></div>`,
    ].join('\n');
  }
  const items = changes ? fullChanges(changes) : summaryChanges(entry.summary!);
  return [
    `<div class="entry"><h3>${title}${failed}</h3>`,
    `<ul class="changes">${items.join('\n')}</ul></div>`,
  ].join('\n');
}

/** "What changed": one entry per version up to `upTo`, newest first. */
export function historyHtml(entries: readonly PageHistoryEntry[], upTo: number): string {
  const all = entries.filter((e) => e.sequence <= upTo).sort((a, b) => b.sequence - a.sequence);
  const shown = all.slice(0, MAX_HISTORY);
  const older = all.length - shown.length;
  const parts = shown.map(entryHtml);
  if (older > 0)
    parts.push(
      `<p class="quiet">${count(older, 'older version')}: see <a href="index.json">index.json</a>.</p>`,
    );
  return parts.join('\n');
}
