import { verify } from 'node:crypto';
import { isCanonical, sha256Hex } from './canonical.js';
import type { PinnedKey } from './keys.js';
import type { Snapshot, SnapshotV1 } from './snapshot.js';
import { snapshotSchemaErrors, snapshotVersionOf } from './snapshot-schema.js';
import { checkRepository, type ExpectedRepository } from './verify-binding.js';
import { checkChain } from './verify-chain.js';
import { checkFreshness, type SeenHead } from './verify-state.js';

export type CheckId =
  | 'schema'
  | 'canonical'
  | 'key'
  | 'signature'
  | 'repository'
  | 'checkpoint'
  | 'chain'
  | 'freshness';

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
  /**
   * The keys the customer pinned, and those a pinned key vouched for (key-rotation.ts); a key
   * found beside the snapshot is not one unless pinned.
   */
  keys: readonly PinnedKey[];
  /** Whose snapshot it must be. */
  expected: ExpectedRepository;
  /** The bytes of snapshots n-1, n-2, … as far as they were read (verify-chain.ts). */
  predecessors: readonly (Uint8Array | null)[];
  /** The newest snapshot of this repository accepted before (the verifier's state), or null. */
  seen: SeenHead | null;
  /** Accept a snapshot whose predecessor is missing. */
  allowUnchained?: boolean;
}

export interface VerifyOutcome {
  /** True when no check failed. */
  ok: boolean;
  checks: VerifyCheck[];
  /** The parsed snapshot, when the bytes are JSON that matches the schema (version 2, or 1). */
  snapshot: Snapshot | SnapshotV1 | null;
  /** SHA-256 of the bytes. */
  sha256: string;
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

function checkKey(snapshot: Snapshot | SnapshotV1 | null, keys: readonly PinnedKey[]): VerifyCheck {
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

function checkSignature(input: VerifyInput, snapshot: Snapshot | SnapshotV1 | null): VerifyCheck {
  // With a readable keyId only that key counts; otherwise any pinned key may have signed.
  const named = snapshot ? input.keys.filter((k) => k.keyId === snapshot.keyId) : input.keys;
  if (named.length === 0) return fail('signature', 'no pinned key to check the signature with');
  const signer = named.find((k) => signatureHolds(input.bytes, input.signature, k.publicKeyPem));
  return signer
    ? pass('signature', `ECDSA P-256 / SHA-256 signature over the exact bytes holds`)
    : fail('signature', 'the signature does not match these bytes and the pinned key');
}

/**
 * Verifies a snapshot: it matches the schema, its bytes are canonical JSON (RFC 8785) as they
 * are, a pinned key signed it (within the key's period when known), the detached signature
 * holds over the exact bytes, it is the expected repository's, its chain holds back to what the
 * verifier saw last (or one link), and it is not older than that.
 */
export function verifySnapshot(input: VerifyInput): VerifyOutcome {
  const value = parse(input.bytes);
  const problems = value === undefined ? ['not UTF-8 JSON'] : snapshotSchemaErrors(value);
  const snapshot = problems.length === 0 ? (value as Snapshot | SnapshotV1) : null;
  const sha256 = sha256Hex(input.bytes);
  const version = snapshotVersionOf(value);
  const checks = [
    snapshot
      ? pass('schema', `matches the snapshot schema v${version}`)
      : fail(
          'schema',
          `does not match the snapshot schema v${version}: ${problems.slice(0, 5).join('; ')}`,
        ),
    isCanonical(input.bytes)
      ? pass('canonical', 'the bytes are canonical JSON (RFC 8785)')
      : fail('canonical', 'the bytes are not in canonical JSON form (RFC 8785)'),
    checkKey(snapshot, input.keys),
    checkSignature(input, snapshot),
    checkRepository(snapshot, input.expected),
    checkChain({
      value,
      predecessors: input.predecessors,
      seen: input.seen,
      allowUnchained: input.allowUnchained ?? false,
    }),
    checkFreshness(snapshot, sha256, input.seen),
  ];
  return { ok: checks.every((c) => c.status !== 'fail'), checks, snapshot, sha256 };
}
