import type { ChangeSummary } from './change-summary.js';
import type { SignedEntry } from './keys.js';

/** What the index, the feed and keys.json know about one published snapshot. */
export interface PublishedEntry extends SignedEntry {
  sha256: string;
  commit: string | null;
  conclusion: string;
  /** Null when the snapshot did not change the list. */
  summary: ChangeSummary | null;
}

export interface IndexItem {
  sequence: number;
  sha256: string;
  commit: string | null;
  publishedAt: string;
  keyId: string;
  conclusion: string;
  /** True when the third-party list changed in this snapshot (it has a feed entry). */
  listChanged: boolean;
  url: string;
  signatureUrl: string;
}

/** `index.json`: every snapshot of the repository, oldest first. */
export interface SnapshotIndex {
  version: 1;
  repository: string;
  /** The sequence `latest.json` points at, or null before the first. */
  latest: number | null;
  snapshots: IndexItem[];
}

/** `latest.json`: the pointer to the newest snapshot of the default branch's head. */
export interface LatestPointer {
  version: 1;
  repository: string;
  sequence: number;
  sha256: string;
  commit: string | null;
  publishedAt: string;
  keyId: string;
  url: string;
  signatureUrl: string;
}

/** Where each snapshot's files are read from. */
export type UrlOf = (file: string) => string;

function item(entry: PublishedEntry, urlOf: UrlOf): IndexItem {
  return {
    sequence: entry.sequence,
    sha256: entry.sha256,
    commit: entry.commit,
    publishedAt: entry.publishedAt,
    keyId: entry.keyId,
    conclusion: entry.conclusion,
    listChanged: entry.summary !== null,
    url: urlOf(`${entry.sequence}.json`),
    signatureUrl: urlOf(`${entry.sequence}.json.sig`),
  };
}

/** Builds `index.json` from the published entries. */
export function buildIndex(
  repository: string,
  entries: readonly PublishedEntry[],
  latest: number | null,
  urlOf: UrlOf,
): SnapshotIndex {
  const snapshots = [...entries].sort((a, b) => a.sequence - b.sequence).map((e) => item(e, urlOf));
  return { version: 1, repository, latest, snapshots };
}

/** Builds `latest.json` for the entry at the head. */
export function buildLatest(repository: string, head: PublishedEntry, urlOf: UrlOf): LatestPointer {
  const { url, signatureUrl } = item(head, urlOf);
  return {
    version: 1,
    repository,
    sequence: head.sequence,
    sha256: head.sha256,
    commit: head.commit,
    publishedAt: head.publishedAt,
    keyId: head.keyId,
    url,
    signatureUrl,
  };
}
