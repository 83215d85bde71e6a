import { canonicalBytes, sha256Hex } from './canonical.js';
import { summariseChanges, type ChangeSummary } from './change-summary.js';
import { compileSnapshot, type CompileInput } from './compile-snapshot.js';
import type { Signer } from './signer.js';
import type { Snapshot } from './snapshot.js';

/** A compiled snapshot as published: its canonical bytes, their hash and detached signature. */
export interface SealedSnapshot {
  snapshot: Snapshot;
  bytes: Uint8Array;
  sha256: string;
  signature: Uint8Array;
  publicKeyPem: string;
  summary: ChangeSummary | null;
}

/**
 * Compiles, serialises as canonical JSON and signs: the one path from a check to published
 * bytes, shared by the publish function and `policy-check snapshot`.
 */
export async function sealSnapshot(
  input: Omit<CompileInput, 'keyId'>,
  signer: Signer,
): Promise<SealedSnapshot> {
  const snapshot = compileSnapshot({ ...input, keyId: signer.keyId });
  const bytes = canonicalBytes(snapshot);
  const [signature, publicKeyPem] = await Promise.all([signer.sign(bytes), signer.publicKeyPem()]);
  return {
    snapshot,
    bytes,
    sha256: sha256Hex(bytes),
    signature,
    publicKeyPem,
    summary: summariseChanges(snapshot.changes),
  };
}

/** Reads a snapshot's bytes back (the previous one, to chain to and compare with). */
export function parseSnapshotBytes(bytes: Uint8Array): Snapshot {
  return JSON.parse(new TextDecoder().decode(bytes)) as Snapshot;
}
