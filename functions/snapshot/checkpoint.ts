import { verify } from 'node:crypto';
import { canonicalBytes } from './canonical.js';
import type { PinnedKey } from './keys.js';
import type { Signer } from './signer.js';

/** The checkpoint's files beside the snapshots: the signed pointer to the newest one. */
export const CHECKPOINT_FILE = 'checkpoint.json';
export const CHECKPOINT_SIGNATURE_FILE = 'checkpoint.json.sig';

const KIND = 'policy-checker checkpoint';

/**
 * What the publisher signs with each publish, so the newest snapshot cannot be replaced by an
 * older one unseen: whose chain, how far it goes, the hash of its head, and when this was said.
 * latest.json says the same for browsers, unsigned.
 */
export interface Checkpoint {
  kind: typeof KIND;
  version: 1;
  repository: string;
  repositoryId: number | null;
  serviceUrl: string | null;
  sequence: number;
  sha256: string;
  /** When the publisher signed it (ISO time). */
  signedAt: string;
  keyId: string;
}

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  bytes: Uint8Array;
  signature: Uint8Array;
}

/** Signs the checkpoint of a chain's head (canonical JSON, RFC 8785, like the snapshots). */
export async function signCheckpoint(
  head: Omit<Checkpoint, 'kind' | 'version' | 'keyId'>,
  signer: Signer,
): Promise<SignedCheckpoint> {
  const checkpoint: Checkpoint = { kind: KIND, version: 1, ...head, keyId: signer.keyId };
  const bytes = canonicalBytes(checkpoint);
  return { checkpoint, bytes, signature: await signer.sign(bytes) };
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** Reads checkpoint bytes, or null when they are not a checkpoint. */
export function parseCheckpoint(bytes: Uint8Array): Checkpoint | null {
  let value: Partial<Checkpoint>;
  try {
    value = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes),
    ) as Partial<Checkpoint>;
  } catch {
    return null;
  }
  const ok =
    value?.kind === KIND &&
    value.version === 1 &&
    isText(value.repository) &&
    (value.repositoryId === null || Number.isSafeInteger(value.repositoryId)) &&
    (value.serviceUrl === null || isText(value.serviceUrl)) &&
    Number.isSafeInteger(value.sequence) &&
    /^[0-9a-f]{64}$/.test(String(value.sha256)) &&
    isText(value.signedAt) &&
    isText(value.keyId);
  return ok ? (value as Checkpoint) : null;
}

/**
 * The checkpoint when a pinned key signed these exact bytes, else why not. Its key is the one
 * it names, as for snapshots.
 */
export function verifyCheckpoint(
  bytes: Uint8Array,
  signature: Uint8Array,
  keys: readonly PinnedKey[],
): { checkpoint: Checkpoint } | { problem: string } {
  const checkpoint = parseCheckpoint(bytes);
  if (!checkpoint) return { problem: `${CHECKPOINT_FILE} is not a checkpoint` };
  const key = keys.find((k) => k.keyId === checkpoint.keyId);
  if (!key)
    return { problem: `${CHECKPOINT_FILE} is signed by ${checkpoint.keyId}, which is not pinned` };
  try {
    if (verify('sha256', bytes, { key: key.publicKeyPem, dsaEncoding: 'der' }, signature))
      return { checkpoint };
  } catch {
    // a signature that is not DER: the same answer as a wrong one
  }
  return { problem: `the signature of ${CHECKPOINT_FILE} does not hold with the pinned key` };
}
