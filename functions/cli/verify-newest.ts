import { join } from 'node:path';
import {
  CHECKPOINT_FILE,
  CHECKPOINT_SIGNATURE_FILE,
  verifyCheckpoint,
  type Checkpoint,
} from '../snapshot/checkpoint.js';
import type { PinnedKey } from '../snapshot/keys.js';
import type { Snapshot, SnapshotV1 } from '../snapshot/snapshot.js';
import type { VerifyCheck } from '../snapshot/verify-snapshot.js';
import { beside, isFolder, isUrl, load } from './verify-sources.js';

export interface Resolved {
  snapshotRef: string;
  checkpoint: Checkpoint | null;
  checks: VerifyCheck[];
}

/**
 * A folder (or its checkpoint.json or latest.json) asks for the newest snapshot: the signed
 * checkpoint names it. A numbered snapshot is itself; its folder's checkpoint, when it holds,
 * only says whether a newer one exists.
 */
export async function resolveTarget(
  target: string,
  keys: readonly PinnedKey[],
  cwd: string,
): Promise<Resolved> {
  const folder = await isFolder(target, cwd);
  const base = folder ? (isUrl(target) ? target : join(target, CHECKPOINT_FILE)) : target;
  const newest = folder || /(?:^|[/\\])(?:checkpoint|latest)\.json$/.test(target);
  const [bytes, signature] = await Promise.all([
    load(beside(base, CHECKPOINT_FILE), cwd),
    load(beside(base, CHECKPOINT_SIGNATURE_FILE), cwd),
  ]);
  const verified =
    bytes && signature
      ? verifyCheckpoint(bytes, signature, keys)
      : { problem: `no signed ${CHECKPOINT_FILE} beside it` };
  const checkpoint = 'checkpoint' in verified ? verified.checkpoint : null;
  if (!newest) return { snapshotRef: target, checkpoint, checks: [] };
  if (!checkpoint)
    return {
      snapshotRef: target,
      checkpoint: null,
      checks: [
        {
          id: 'checkpoint',
          status: 'fail',
          message: `${'problem' in verified ? verified.problem : ''}: which snapshot is the newest is not signed; verify a numbered snapshot (N.json) instead`,
        },
      ],
    };
  return { snapshotRef: beside(base, `${checkpoint.sequence}.json`), checkpoint, checks: [] };
}

/** The checkpoint agrees with the snapshot it names: same repository, id, service and hash. */
export function checkpointCheck(
  checkpoint: Checkpoint,
  snapshot: Snapshot | SnapshotV1 | null,
  sha256: string,
): VerifyCheck {
  const id = 'checkpoint';
  const same =
    snapshot &&
    snapshot.version === 2 &&
    checkpoint.repositoryId === snapshot.repositoryId &&
    checkpoint.serviceUrl === snapshot.serviceUrl &&
    checkpoint.repository.toLowerCase() === snapshot.repository.toLowerCase() &&
    checkpoint.sha256 === sha256;
  return same
    ? {
        id,
        status: 'pass',
        message: `signed ${checkpoint.signedAt}: snapshot ${checkpoint.sequence} is the newest`,
      }
    : {
        id,
        status: 'fail',
        message: `the signed checkpoint names ${checkpoint.repository} #${checkpoint.sequence} (SHA-256 ${checkpoint.sha256}), not this snapshot`,
      };
}
