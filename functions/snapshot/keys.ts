import type { KeyRotation } from './key-rotation.js';
import { keyIdOfPem, SIGNING_ALGORITHM } from './signer.js';

/** One signing key in `keys.json`, with the period it signed snapshots in. */
export interface PublishedKey {
  keyId: string;
  algorithm: typeof SIGNING_ALGORITHM;
  publicKeyPem: string;
  /** publishedAt of the first snapshot it signed. */
  notBefore: string;
  /** publishedAt of the first snapshot signed by the key that replaced it; null while current. */
  notAfter: string | null;
}

/** `keys.json`: every key that signed a snapshot of the repository, so rotated keys still verify. */
export interface KeysFile {
  version: 1;
  keys: PublishedKey[];
  /** Each key change, signed by the key it replaced (key-rotation.ts). */
  rotations: KeyRotation[];
}

/** A key the verifier trusts: pinned by the customer, never merely found beside the snapshot. */
export interface PinnedKey {
  keyId: string;
  publicKeyPem: string;
  notBefore?: string | null;
  notAfter?: string | null;
}

/** What keys.json is derived from: each snapshot's key and time, in sequence order. */
export interface SignedEntry {
  sequence: number;
  publishedAt: string;
  keyId: string;
  publicKeyPem: string;
  /** The signed change to this entry's key, when its key replaced the previous one's. */
  rotation?: KeyRotation | null;
}

/** The keys of a repository's snapshots with their validity periods (KMS keys do not rotate themselves). */
export function buildKeysFile(entries: readonly SignedEntry[]): KeysFile {
  const sorted = [...entries].sort((a, b) => a.sequence - b.sequence);
  const keys = new Map<string, PublishedKey>();
  let current: PublishedKey | undefined;
  for (const entry of sorted) {
    // A local folder whose keys.json was deleted may not know an old key: it is left out.
    if (!entry.publicKeyPem) continue;
    if (current?.keyId === entry.keyId) continue;
    if (current) current.notAfter = entry.publishedAt;
    const known = keys.get(entry.keyId);
    current = known ?? {
      keyId: entry.keyId,
      algorithm: SIGNING_ALGORITHM,
      publicKeyPem: entry.publicKeyPem,
      notBefore: entry.publishedAt,
      notAfter: null,
    };
    // A key that comes back after another signed is current again.
    current.notAfter = null;
    keys.set(entry.keyId, current);
  }
  const rotations = new Map<string, KeyRotation>();
  for (const entry of sorted)
    if (entry.rotation)
      rotations.set(`${entry.rotation.from} ${entry.rotation.to}`, entry.rotation);
  return { version: 1, keys: [...keys.values()], rotations: [...rotations.values()] };
}

/** The signed rotations listed in keys.json text, unchecked (key-rotation.ts checks them). */
export function parseRotations(text: string): unknown[] {
  try {
    const rotations = (JSON.parse(text) as { rotations?: unknown } | null)?.rotations;
    return Array.isArray(rotations) ? rotations : [];
  } catch {
    return [];
  }
}

/** Reads keys.json text; entries whose PEM does not hash to their key id are dropped. */
export function parseKeysFile(text: string): PublishedKey[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) return [];
  return keys.filter((k): k is PublishedKey => {
    const key = k as Partial<PublishedKey> | null;
    if (typeof key?.keyId !== 'string' || typeof key.publicKeyPem !== 'string') return false;
    try {
      return keyIdOfPem(key.publicKeyPem) === key.keyId;
    } catch {
      return false;
    }
  });
}

/**
 * The pinned keys among candidate public keys (from keys.json or public-key.pem beside the
 * snapshot): only those whose SPKI hashes to a fingerprint the customer gave. A candidate is
 * trusted for its hash, never for where it was found.
 */
export function pinByFingerprint(
  fingerprints: readonly string[],
  candidates: readonly (Omit<PinnedKey, 'keyId'> & { keyId?: string })[],
): PinnedKey[] {
  const wanted = new Set(fingerprints);
  const pinned = new Map<string, PinnedKey>();
  for (const candidate of candidates) {
    let keyId: string;
    try {
      keyId = keyIdOfPem(candidate.publicKeyPem);
    } catch {
      continue;
    }
    if (!wanted.has(keyId) || pinned.has(keyId)) continue;
    pinned.set(keyId, { ...candidate, keyId });
  }
  return [...pinned.values()];
}
