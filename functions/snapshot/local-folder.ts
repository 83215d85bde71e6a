import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from './canonical.js';
import { summariseChanges } from './change-summary.js';
import {
  CHECKPOINT_FILE,
  CHECKPOINT_SIGNATURE_FILE,
  signCheckpoint,
  type SignedCheckpoint,
} from './checkpoint.js';
import type { PreviousSnapshot } from './compile-snapshot.js';
import { renderFolderFiles } from './folder-files.js';
import type { KeyRotation } from './key-rotation.js';
import { parseKeysFile, parseRotations } from './keys.js';
import type { SealedSnapshot } from './seal-snapshot.js';
import { parseSnapshotBytes } from './seal-snapshot.js';
import { keyIdOfPem, type Signer } from './signer.js';
import type { PublishedEntry } from './snapshot-index.js';
import { FILE_NAMES, signatureFile, snapshotFile } from './snapshot-paths.js';

/** The snapshots already in a local folder: the newest to chain to, and all of them listed. */
export interface FolderState {
  previous: PreviousSnapshot | null;
  entries: PublishedEntry[];
}

/** The rotations keys.json lists, so rewriting it keeps them (by the key each one introduced). */
function knownRotations(dir: string): Map<string, KeyRotation> {
  const keysPath = join(dir, FILE_NAMES.keys);
  const listed = existsSync(keysPath) ? parseRotations(readFileSync(keysPath, 'utf8')) : [];
  return new Map((listed as KeyRotation[]).filter((r) => r?.to).map((r) => [r.to, r]));
}

function knownKeys(dir: string): Map<string, string> {
  const keys = new Map<string, string>();
  const keysPath = join(dir, FILE_NAMES.keys);
  if (existsSync(keysPath))
    for (const k of parseKeysFile(readFileSync(keysPath, 'utf8')))
      keys.set(k.keyId, k.publicKeyPem);
  const pemPath = join(dir, FILE_NAMES.publicKey);
  if (existsSync(pemPath)) {
    const pem = readFileSync(pemPath, 'utf8');
    try {
      keys.set(keyIdOfPem(pem), pem);
    } catch {
      // Not a key: keys.json still lists the others.
    }
  }
  return keys;
}

/**
 * Reads the `<seq>.json` files of a folder written by `policy-check snapshot --out`, the same
 * layout as a repository's folder in S3. A missing folder is an empty chain.
 */
export function readSnapshotFolder(dir: string): FolderState {
  if (!existsSync(dir)) return { previous: null, entries: [] };
  const keys = knownKeys(dir);
  const rotations = knownRotations(dir);
  const sequences = readdirSync(dir)
    .map((f) => /^([1-9][0-9]*)\.json$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  let previous: PreviousSnapshot | null = null;
  const entries = sequences.map((sequence): PublishedEntry => {
    const bytes = readFileSync(join(dir, snapshotFile(sequence)));
    const snapshot = parseSnapshotBytes(bytes);
    const sha256 = sha256Hex(bytes);
    previous = { snapshot, sha256 };
    return {
      sequence,
      sha256,
      commit: snapshot.commit,
      publishedAt: snapshot.publishedAt,
      keyId: snapshot.keyId,
      publicKeyPem: keys.get(snapshot.keyId) ?? '',
      conclusion: snapshot.check.conclusion,
      summary: summariseChanges(snapshot.changes),
      rotation: rotations.get(snapshot.keyId) ?? null,
    };
  });
  return { previous, entries };
}

/** The signed checkpoint of a folder's new head (checkpoint.ts). */
export function signFolderCheckpoint(
  sealed: SealedSnapshot,
  signer: Signer,
): Promise<SignedCheckpoint> {
  const { snapshot } = sealed;
  return signCheckpoint(
    {
      repository: snapshot.repository,
      repositoryId: snapshot.repositoryId,
      serviceUrl: snapshot.serviceUrl,
      sequence: snapshot.sequence,
      sha256: sealed.sha256,
      signedAt: snapshot.publishedAt,
    },
    signer,
  );
}

/**
 * Writes a sealed snapshot into the folder with its signature, then the derived files
 * (public key, keys.json, index.json, feed.atom, the signed checkpoint, latest.json last);
 * returns the names written.
 */
export function writeSnapshotFolder(
  dir: string,
  sealed: SealedSnapshot,
  state: FolderState,
  checkpoint: SignedCheckpoint,
): string[] {
  mkdirSync(dir, { recursive: true });
  const { snapshot } = sealed;
  writeFileSync(join(dir, snapshotFile(snapshot.sequence)), sealed.bytes);
  writeFileSync(join(dir, signatureFile(snapshot.sequence)), sealed.signature);
  const entry: PublishedEntry = {
    sequence: snapshot.sequence,
    sha256: sealed.sha256,
    commit: snapshot.commit,
    publishedAt: snapshot.publishedAt,
    keyId: snapshot.keyId,
    publicKeyPem: sealed.publicKeyPem,
    conclusion: snapshot.check.conclusion,
    summary: sealed.summary,
  };
  const files = renderFolderFiles({
    repository: snapshot.repository,
    entries: [...state.entries.filter((e) => e.sequence !== entry.sequence), entry],
    latest: entry.sequence,
    urlOf: (file) => file,
    now: snapshot.publishedAt,
  });
  for (const f of files) {
    if (f.kind === 'latest') {
      writeFileSync(join(dir, CHECKPOINT_FILE), checkpoint.bytes);
      writeFileSync(join(dir, CHECKPOINT_SIGNATURE_FILE), checkpoint.signature);
    }
    writeFileSync(join(dir, f.file), f.body);
  }
  return [
    snapshotFile(snapshot.sequence),
    signatureFile(snapshot.sequence),
    ...files.flatMap((f) =>
      f.kind === 'latest' ? [CHECKPOINT_FILE, CHECKPOINT_SIGNATURE_FILE, f.file] : [f.file],
    ),
  ];
}
