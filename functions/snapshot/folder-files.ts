import { renderAtomFeed } from './atom-feed.js';
import { buildKeysFile } from './keys.js';
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
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The folder's derived files in publishing order: the public key and keys.json, index.json,
 * feed.atom, and latest.json last, so no pointer is written before what it points to.
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
  if (head)
    files.push({
      kind: 'latest',
      file: FILE_NAMES.latest,
      body: json(buildLatest(input.repository, head, input.urlOf)),
    });
  return files;
}
