import { assertOwner, assertRepoName, parseRepo } from '../store/key-parts.js';

/** A repository name that cannot safely become part of an S3 key or URL. */
export class RepositoryNameError extends Error {
  override name = 'RepositoryNameError';
}

export interface RepositoryName {
  owner: string;
  name: string;
}

/**
 * Parses and validates `owner/name` before it becomes an S3 key, by the one allow-list of key
 * parts (store/key-parts.ts: GitHub's own rules), so the results store and the snapshots accept
 * exactly the same repositories.
 */
export function parseRepository(repo: string): RepositoryName {
  try {
    return parseRepo(repo);
  } catch (error) {
    throw new RepositoryNameError(
      `snapshot: ${JSON.stringify(String(repo).slice(0, 160))} is not a GitHub owner/name; owners are letters, digits and hyphens, names letters, digits, ".", "_" and "-"`,
      { cause: error },
    );
  }
}

/** The published files of one repository, each with its Content-Type and Cache-Control. */
export const OBJECT_HEADERS = {
  snapshot: {
    contentType: 'application/json',
    cacheControl: 'public, max-age=31536000, immutable',
  },
  signature: {
    contentType: 'application/octet-stream',
    cacheControl: 'public, max-age=31536000, immutable',
  },
  // Signed with each publish: it changes, so caches must ask again.
  checkpointSignature: { contentType: 'application/octet-stream', cacheControl: 'no-cache' },
  // Pointers and lists change with every publish: caches must ask again each time.
  latest: { contentType: 'application/json', cacheControl: 'no-cache' },
  index: { contentType: 'application/json', cacheControl: 'no-cache' },
  keys: { contentType: 'application/json', cacheControl: 'no-cache' },
  checkpoint: { contentType: 'application/json', cacheControl: 'no-cache' },
  publicKey: { contentType: 'application/x-pem-file', cacheControl: 'no-cache' },
  feed: { contentType: 'application/atom+xml; charset=utf-8', cacheControl: 'no-cache' },
  // The public page. index.html follows the list: a short cache. `<seq>.html` shows one signed
  // version and never changes; the style sheet is named by its hash, so it never changes either.
  // Their Content-Security-Policy is in each page's <meta http-equiv>; S3 object metadata cannot
  // set that header, so the CDN adds it (page/csp.ts: pageCsp(branding, true)).
  indexPage: { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=300' },
  snapshotPage: {
    contentType: 'text/html; charset=utf-8',
    cacheControl: 'public, max-age=31536000, immutable',
  },
  style: {
    contentType: 'text/css; charset=utf-8',
    cacheControl: 'public, max-age=31536000, immutable',
  },
} as const;

export type ObjectKind = keyof typeof OBJECT_HEADERS;

/** File names inside a repository's folder. */
export const FILE_NAMES = {
  latest: 'latest.json',
  index: 'index.json',
  keys: 'keys.json',
  publicKey: 'public-key.pem',
  feed: 'feed.atom',
  indexPage: 'index.html',
  checkpoint: 'checkpoint.json',
} as const;

export const snapshotFile = (sequence: number): string => `${sequence}.json`;
export const signatureFile = (sequence: number): string => `${sequence}.json.sig`;
/** The public page of one version, kept for ever so old versions stay linkable. */
export const snapshotPageFile = (sequence: number): string => `${sequence}.html`;

/**
 * The kind of a file of a repository's folder, by its name (to upload a `--out` folder with the
 * right headers, or serve it); null for a file that is not one of them.
 */
export function kindOfFile(file: string): ObjectKind | null {
  if (/^[1-9][0-9]*\.json$/.test(file)) return 'snapshot';
  if (/^[1-9][0-9]*\.json\.sig$/.test(file)) return 'signature';
  if (file === 'checkpoint.json.sig') return 'checkpointSignature';
  if (/^[1-9][0-9]*\.html$/.test(file)) return 'snapshotPage';
  if (/^style-[0-9a-f]{12}\.css$/.test(file)) return 'style';
  const named = Object.entries(FILE_NAMES).find(([, name]) => name === file);
  return named ? (named[0] as ObjectKind) : null;
}

/**
 * The S3 key prefix of a repository's snapshots: `snapshots/<owner>/<repo>/`. Checked here too,
 * since a `RepositoryName` can be built without `parseRepository`.
 */
export function repositoryPrefix(repo: RepositoryName): string {
  return `snapshots/${assertOwner(repo.owner)}/${assertRepoName(repo.name)}/`;
}

/**
 * Where a file of the folder is read from: under `baseUrl` when the snapshots are served
 * (`PUBLIC_BASE_URL`), else relative to the folder itself (a local `--out` folder).
 */
export function publicUrl(baseUrl: string | null, prefix: string, file: string): string {
  return baseUrl === null ? file : `${baseUrl.replace(/\/+$/, '')}/${prefix}${file}`;
}
