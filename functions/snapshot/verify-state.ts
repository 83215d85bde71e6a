import type { Snapshot, SnapshotV1 } from './snapshot.js';
import type { VerifyCheck } from './verify-snapshot.js';

/** The newest snapshot of one repository a verifier has accepted. */
export interface SeenHead {
  repository: string;
  sequence: number;
  sha256: string;
  publishedAt: string;
  /** When this verifier accepted it (ISO time). */
  verifiedAt: string;
}

/** What `policy-check verify` remembers between runs: one head per repository. */
export interface VerifyState {
  version: 1;
  repositories: Record<string, SeenHead>;
}

export const emptyState = (): VerifyState => ({ version: 1, repositories: {} });

/**
 * The state's key of a snapshot's repository: the publishing service and GitHub's repository
 * id (a rename keeps both, a name registered again gets a new id), else the name.
 */
export function stateKey(snapshot: Snapshot | SnapshotV1): string {
  if (snapshot.version === 1) return `v1 ${snapshot.repository.toLowerCase()}`;
  const where = snapshot.serviceUrl ?? 'local';
  return snapshot.repositoryId === null
    ? `${where} ${snapshot.repository.toLowerCase()}`
    : `${where} #${snapshot.repositoryId}`;
}

/**
 * Not older than what was seen: a rollback (an older, validly signed snapshot served as the
 * newest) or a fork (another snapshot with a sequence already seen) fails.
 */
export function checkFreshness(
  snapshot: Snapshot | SnapshotV1 | null,
  sha256: string,
  seen: SeenHead | null,
): VerifyCheck {
  const id = 'freshness' as const;
  if (!snapshot) return { id, status: 'skip', message: 'the snapshot names no readable sequence' };
  if (!seen)
    return {
      id,
      status: 'pass',
      message: `the first snapshot of ${snapshot.repository} this verifier has seen; from now on anything older is refused`,
    };
  const when = seen.verifiedAt.slice(0, 10);
  if (snapshot.sequence < seen.sequence)
    return {
      id,
      status: 'fail',
      message: `snapshot ${snapshot.sequence} is older than snapshot ${seen.sequence}, verified on ${when}: an old list served as the newest; to examine an old version on purpose, run with --state pointing at another file`,
    };
  if (snapshot.sequence === seen.sequence && sha256 !== seen.sha256)
    return {
      id,
      status: 'fail',
      message: `a second snapshot ${snapshot.sequence}: the one verified on ${when} has SHA-256 ${seen.sha256}, this one ${sha256}; the history forked`,
    };
  return {
    id,
    status: 'pass',
    message:
      snapshot.sequence === seen.sequence
        ? `the snapshot verified on ${when}`
        : `newer than snapshot ${seen.sequence}, verified on ${when}`,
  };
}

/** The state after accepting a snapshot: its head moves only forward. */
export function recordSeen(
  state: VerifyState,
  snapshot: Snapshot | SnapshotV1,
  sha256: string,
  verifiedAt: string,
): VerifyState {
  const key = stateKey(snapshot);
  const seen = state.repositories[key];
  if (seen && seen.sequence >= snapshot.sequence) return state;
  const head: SeenHead = {
    repository: snapshot.repository,
    sequence: snapshot.sequence,
    sha256,
    publishedAt: snapshot.publishedAt,
    verifiedAt,
  };
  return { version: 1, repositories: { ...state.repositories, [key]: head } };
}
