import { changeLines, changeTitle, type ChangeSummary } from './change-summary.js';

/** A snapshot that changed the list: one entry of the feed. */
export interface FeedEntry {
  sequence: number;
  sha256: string;
  publishedAt: string;
  /** The snapshot's URL (absolute, or relative to the feed). */
  url: string;
  commit: string | null;
  summary: ChangeSummary;
}

export interface FeedInput {
  repository: string;
  /** An absolute IRI that names the feed for ever (Atom `id`). */
  feedId: string;
  selfUrl: string;
  /** Newest last or first: the feed lists newest first. */
  entries: readonly FeedEntry[];
  /** The feed's `updated` when it has no entry yet. */
  updated: string;
}

/** Feeds keep their recent history; the index lists every snapshot. */
export const MAX_FEED_ENTRIES = 50;

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for XML, dropping characters XML 1.0 cannot carry at all. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function entryXml(entry: FeedEntry, repository: string): string {
  const title = `Snapshot ${entry.sequence}: ${changeTitle(entry.summary)}`;
  const content = [
    `${repository} snapshot ${entry.sequence}${entry.commit ? ` (commit ${entry.commit.slice(0, 12)})` : ''}`,
    ...changeLines(entry.summary),
  ].join('\n');
  return [
    '  <entry>',
    // The snapshot's own hash names the entry: stable, unique, and checkable against the file.
    `    <id>urn:sha256:${entry.sha256}</id>`,
    `    <title>${escapeXml(title)}</title>`,
    `    <updated>${escapeXml(entry.publishedAt)}</updated>`,
    `    <link rel="alternate" type="application/json" href="${escapeXml(entry.url)}"/>`,
    `    <content type="text">${escapeXml(content)}</content>`,
    '  </entry>',
  ].join('\n');
}

/**
 * The Atom 1.0 feed (RFC 4287) of a repository's list changes: one entry per snapshot that
 * added, removed or changed a third party, newest first, so customers can subscribe to
 * subprocessor changes.
 */
export function renderAtomFeed(input: FeedInput): string {
  const entries = [...input.entries]
    .sort((a, b) => b.sequence - a.sequence)
    .slice(0, MAX_FEED_ENTRIES);
  const updated = entries[0]?.publishedAt ?? input.updated;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(input.feedId)}</id>`,
    `  <title>${escapeXml(`Third parties of ${input.repository}: changes`)}</title>`,
    `  <subtitle>Signed snapshots of the subprocessor list; verify them with policy-check verify.</subtitle>`,
    `  <updated>${escapeXml(updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(input.selfUrl)}"/>`,
    `  <author><name>${escapeXml(input.repository)}</name></author>`,
    '  <generator>policy-checker</generator>',
    ...entries.map((e) => entryXml(e, input.repository)),
    '</feed>',
    '',
  ].join('\n');
}
