import { renderAtomFeed } from './atom-feed.js';
import { buildKeysFile } from './keys.js';
import { renderPageFiles } from './page/page-files.js';
import type { PageBranding, PageFinding, PageHistoryEntry } from './page/types.js';
import type { Snapshot } from './snapshot.js';
import { buildIndex, buildLatest, type PublishedEntry } from './snapshot-index.js';
import { FILE_NAMES, type ObjectKind } from './snapshot-paths.js';

/** A derived file of a repository's folder, rendered from the published entries. */
export interface FolderFile {
  kind: ObjectKind;
  file: string;
  body: string;
}

export interface FolderInput {
  repository: string;
  /** Every published (uploaded) snapshot. */
  entries: readonly PublishedEntry[];
  /** The sequence `latest.json` points at; null writes no `latest.json`. */
  latest: number | null;
  urlOf: (file: string) => string;
  /** When there is nothing to date the feed by. */
  now: string;
  /** The public page of the head; absent, no HTML is written. */
  page?: FolderPage | null;
}

/** What the public page needs beyond the entries. */
export interface FolderPage {
  /** The head's snapshot, parsed from its published bytes (`latest` must be its sequence). */
  snapshot: Snapshot;
  /** `page:` of `.policy-checker.yml`. */
  branding?: PageBranding | null;
  /** The findings of the head's check: entries with an error are marked with the reason. */
  findings?: readonly PageFinding[] | null;
  /** Earlier snapshots when at hand: their changes are shown field by field, else from summaries. */
  snapshots?: ReadonlyMap<number, Snapshot>;
  /** Where commits link to; default `https://github.com/<repository>`, none for `local/…`. */
  repositoryUrl?: string | null;
  /** The vendor alias table, so the page shows a vendor's listings under its aliases as one row. */
  aliasIndex?: ReadonlyMap<string, string>;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Every entry as "What changed" shows it, with full changes where the snapshot is at hand. */
export function pageHistory(
  entries: readonly PublishedEntry[],
  page: FolderPage,
): PageHistoryEntry[] {
  return entries.map((e) => {
    const snapshot =
      e.sequence === page.snapshot.sequence ? page.snapshot : page.snapshots?.get(e.sequence);
    return {
      sequence: e.sequence,
      sha256: e.sha256,
      publishedAt: e.publishedAt,
      commit: e.commit,
      conclusion: e.conclusion,
      changes: snapshot?.changes ?? null,
      summary: e.summary,
    };
  });
}

/**
 * The folder's derived files in publishing order: the public key and keys.json, index.json,
 * feed.atom, the public page (style sheet, `<seq>.html`, index.html) when asked for, and
 * latest.json last, so no pointer is written before what it points to.
 */
export function renderFolderFiles(input: FolderInput): FolderFile[] {
  const head = input.entries.find((e) => e.sequence === input.latest) ?? null;
  const feedUrl = input.urlOf(FILE_NAMES.feed);
  const files: FolderFile[] = [];
  if (head) files.push({ kind: 'publicKey', file: FILE_NAMES.publicKey, body: head.publicKeyPem });
  files.push(
    { kind: 'keys', file: FILE_NAMES.keys, body: json(buildKeysFile(input.entries)) },
    {
      kind: 'index',
      file: FILE_NAMES.index,
      body: json(
        buildIndex(input.repository, input.entries, head ? head.sequence : null, input.urlOf),
      ),
    },
    {
      kind: 'feed',
      file: FILE_NAMES.feed,
      body: renderAtomFeed({
        repository: input.repository,
        feedId: /^https?:\/\//.test(feedUrl)
          ? feedUrl
          : `urn:policy-checker:feed:${encodeURIComponent(input.repository)}`,
        selfUrl: feedUrl,
        entries: input.entries.flatMap((e) =>
          e.summary ? [{ ...e, url: input.urlOf(`${e.sequence}.json`), summary: e.summary }] : [],
        ),
        updated: head?.publishedAt ?? input.now,
      }),
    },
  );
  if (input.page) {
    const { page } = input;
    if (!head || head.sequence !== page.snapshot.sequence)
      throw new Error(
        `folder: the page shows snapshot ${page.snapshot.sequence}, but the head is ${head ? head.sequence : 'none'}`,
      );
    files.push(
      ...renderPageFiles({
        snapshot: page.snapshot,
        sha256: head.sha256,
        history: pageHistory(input.entries, page),
        current: true,
        branding: page.branding ?? null,
        findings: page.findings ?? null,
        ...(page.aliasIndex ? { aliasIndex: page.aliasIndex } : {}),
        ...(page.repositoryUrl !== undefined ? { repositoryUrl: page.repositoryUrl } : {}),
      }),
    );
  }
  if (head)
    files.push({
      kind: 'latest',
      file: FILE_NAMES.latest,
      body: json(buildLatest(input.repository, head, input.urlOf)),
    });
  return files;
}
