import { verify } from 'node:crypto';
import { isCanonical, sha256Hex } from './canonical.js';
import type { PinnedKey } from './keys.js';
import type { Snapshot } from './snapshot.js';
import { snapshotSchemaErrors } from './snapshot-schema.js';

export type CheckId = 'schema' | 'canonical' | 'key' | 'signature' | 'chain';

/** One thing verification establishes, or fails to: `skip` when it could not be checked. */
export interface VerifyCheck {
  id: CheckId;
  status: 'pass' | 'fail' | 'skip';
  message: string;
}

export interface VerifyInput {
  /** The snapshot's bytes exactly as published. */
  bytes: Uint8Array;
  /** The detached DER signature (`<seq>.json.sig`). */
  signature: Uint8Array;
  /** The keys the customer pinned; a key found beside the snapshot is not one unless pinned. */
  keys: readonly PinnedKey[];
  /** The bytes of snapshot `sequence - 1`, for the chain link. */
  previous?: Uint8Array | null;
}

export interface VerifyOutcome {
  /** True when no check failed. */
  ok: boolean;
  checks: VerifyCheck[];
  /** The parsed snapshot, when the bytes are JSON that matches the schema. */
  snapshot: Snapshot | null;
}

const pass = (id: CheckId, message: string): VerifyCheck => ({ id, status: 'pass', message });
const fail = (id: CheckId, message: string): VerifyCheck => ({ id, status: 'fail', message });
const skip = (id: CheckId, message: string): VerifyCheck => ({ id, status: 'skip', message });

function parse(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
}

function signatureHolds(bytes: Uint8Array, signature: Uint8Array, pem: string): boolean {
  try {
    return verify('sha256', bytes, { key: pem, dsaEncoding: 'der' }, signature);
  } catch {
    return false; // a signature that is not DER at all
  }
}

function checkKey(snapshot: Snapshot | null, keys: readonly PinnedKey[]): VerifyCheck {
  if (keys.length === 0) return fail('key', 'no key is pinned; give --key or --fingerprint');
  if (!snapshot) return skip('key', 'the snapshot names no readable keyId');
  const key = keys.find((k) => k.keyId === snapshot.keyId);
  if (!key)
    return fail(
      'key',
      `signed by ${snapshot.keyId}, which is not pinned (pinned: ${keys.map((k) => k.keyId).join(', ')})`,
    );
  const at = snapshot.publishedAt;
  if (key.notBefore && at < key.notBefore)
    return fail('key', `published ${at}, before key ${key.keyId} was in use (${key.notBefore})`);
  if (key.notAfter && at >= key.notAfter)
    return fail('key', `published ${at}, after key ${key.keyId} was retired (${key.notAfter})`);
  return pass('key', `signed by pinned key ${key.keyId}`);
}

function checkSignature(input: VerifyInput, snapshot: Snapshot | null): VerifyCheck {
  // With a readable keyId only that key counts; otherwise any pinned key may have signed.
  const named = snapshot ? input.keys.filter((k) => k.keyId === snapshot.keyId) : input.keys;
  if (named.length === 0) return fail('signature', 'no pinned key to check the signature with');
  const signer = named.find((k) => signatureHolds(input.bytes, input.signature, k.publicKeyPem));
  return signer
    ? pass('signature', `ECDSA P-256 / SHA-256 signature over the exact bytes holds`)
    : fail('signature', 'the signature does not match these bytes and the pinned key');
}

function checkChain(input: VerifyInput, value: unknown): VerifyCheck {
  // Read from the parsed bytes even when the schema fails: a damaged link is worth naming.
  const claimed = (value ?? {}) as Partial<Snapshot>;
  if (typeof claimed.sequence !== 'number' || claimed.previousSha256 === undefined)
    return skip('chain', 'the snapshot names no sequence and previous SHA-256');
  if (!input.previous) {
    if (claimed.sequence === 1 && claimed.previousSha256 === null)
      return pass('chain', 'snapshot 1 starts the chain');
    return skip(
      'chain',
      `not checked: give snapshot ${claimed.sequence - 1} with --previous (its SHA-256 must be ${String(claimed.previousSha256)})`,
    );
  }
  const hash = sha256Hex(input.previous);
  if (claimed.previousSha256 !== hash)
    return fail(
      'chain',
      `the previous snapshot's SHA-256 is ${hash}, but this snapshot names ${String(claimed.previousSha256)}`,
    );
  const previous = parse(input.previous) as Partial<Snapshot> | undefined;
  if (previous?.sequence !== claimed.sequence - 1 || previous.repository !== claimed.repository)
    return fail(
      'chain',
      `the previous snapshot is ${String(previous?.repository)} #${String(previous?.sequence)}, expected ${String(claimed.repository)} #${claimed.sequence - 1}`,
    );
  return pass('chain', `follows snapshot ${previous.sequence} (SHA-256 ${hash})`);
}

/**
 * Verifies a snapshot: it matches the schema, its bytes are canonical JSON (RFC 8785) as they
 * are, a pinned key signed it (within the key's period when known), the detached signature
 * holds over the exact bytes, and it names the previous snapshot's SHA-256.
 */
export function verifySnapshot(input: VerifyInput): VerifyOutcome {
  const value = parse(input.bytes);
  const problems = value === undefined ? ['not UTF-8 JSON'] : snapshotSchemaErrors(value);
  const snapshot = problems.length === 0 ? (value as Snapshot) : null;
  const checks = [
    snapshot
      ? pass('schema', 'matches the snapshot schema v1')
      : fail('schema', `does not match the snapshot schema: ${problems.slice(0, 5).join('; ')}`),
    isCanonical(input.bytes)
      ? pass('canonical', 'the bytes are canonical JSON (RFC 8785)')
      : fail('canonical', 'the bytes are not in canonical JSON form (RFC 8785)'),
    checkKey(snapshot, input.keys),
    checkSignature(input, snapshot),
    checkChain(input, value),
  ];
  return { ok: checks.every((c) => c.status !== 'fail'), checks, snapshot };
}
