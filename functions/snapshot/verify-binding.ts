import type { Snapshot, SnapshotV1 } from './snapshot.js';
import type { VerifyCheck } from './verify-snapshot.js';

/** Whose snapshot the verifier expects: the repository, and the URL it was read from. */
export interface ExpectedRepository {
  /** `owner/name`, from `--repository` or the `/snapshots/<owner>/<repo>/` part of the URL. */
  repository: string;
  /** The http(s) URL the snapshot was read from; null for a file. */
  url: string | null;
  /** Accept a version-1 snapshot on its name alone (`--accept-v1`). */
  acceptV1: boolean;
}

const check = (status: VerifyCheck['status'], message: string): VerifyCheck => ({
  id: 'repository',
  status,
  message,
});

/** `owner/name` from a `…/snapshots/<owner>/<repo>/…` URL, or null when it has no such part. */
export function repositoryOfUrl(url: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /\/snapshots\/([^/]+)\/([^/]+)\/(?:[^/]*)$/.exec(path);
  return match ? `${decodeURIComponent(match[1]!)}/${decodeURIComponent(match[2]!)}` : null;
}

/**
 * The snapshot is the list of the repository the verifier asked about. One service key signs
 * every installation's snapshots, so a valid signature alone says nothing about whose list it
 * is: the signed name must be the expected one (GitHub names ignore case), and a URL must lie
 * under the signed service's `snapshots/`. A version-1 snapshot names neither an id nor a
 * service and passes only when the verifier accepts that (`acceptV1`).
 */
export function checkRepository(
  snapshot: Snapshot | SnapshotV1 | null,
  expected: ExpectedRepository,
): VerifyCheck {
  if (!snapshot) return check('skip', 'the snapshot names no readable repository');
  if (snapshot.repository.toLowerCase() !== expected.repository.toLowerCase())
    return check(
      'fail',
      `this is the snapshot of ${snapshot.repository}, not of ${expected.repository}: another repository's list, whatever its signature`,
    );
  if (snapshot.version === 1)
    return expected.acceptV1
      ? check(
          'skip',
          `version 1 names ${snapshot.repository} but no repository id or service; accepted by --accept-v1 on its name alone`,
        )
      : check(
          'fail',
          'version 1 names no repository id or publishing service, so any repository signed by the same key could pose as this one; give --accept-v1 to accept it on its name alone',
        );
  const service = snapshot.serviceUrl;
  if (expected.url && service && !expected.url.startsWith(`${service}/snapshots/`))
    return check(
      'fail',
      `read from ${expected.url}, but signed by the service at ${service}: served from a place its publisher did not publish it to`,
    );
  const id = snapshot.repositoryId === null ? '' : ` (repository id ${snapshot.repositoryId})`;
  return check(
    'pass',
    `the list of ${snapshot.repository}${id}${service ? `, published by ${service}` : ''}`,
  );
}
