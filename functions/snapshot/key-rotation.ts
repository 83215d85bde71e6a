import { verify } from 'node:crypto';
import { canonicalBytes } from './canonical.js';
import type { PinnedKey } from './keys.js';
import { keyIdOfPem, type Signer } from './signer.js';

const KIND = 'policy-checker key rotation';

/**
 * A key change vouched for by the key it replaces: the old key signs the new key's fingerprint
 * and public key, so a customer who pinned the old fingerprint can follow the change without a
 * new fingerprint from out of band, and nobody without the old key can make one.
 */
export interface KeyRotation {
  from: string;
  to: string;
  /** The new key (SPKI PEM); its fingerprint must be `to`. */
  publicKeyPem: string;
  /** From when the new key signs (ISO time). */
  at: string;
  /** Base64 of the old key's DER ECDSA signature over the statement's canonical JSON. */
  signature: string;
}

const statement = (r: Omit<KeyRotation, 'signature'>): Uint8Array =>
  canonicalBytes({ kind: KIND, from: r.from, to: r.to, publicKeyPem: r.publicKeyPem, at: r.at });

/** The old key's signature over the change to `next`. */
export async function signRotation(
  previous: Signer,
  next: { keyId: string; publicKeyPem: string },
  at: string,
): Promise<KeyRotation> {
  const body = { from: previous.keyId, to: next.keyId, publicKeyPem: next.publicKeyPem, at };
  const signature = await previous.sign(statement(body));
  return { ...body, signature: Buffer.from(signature).toString('base64') };
}

function holds(rotation: KeyRotation, by: PinnedKey): boolean {
  try {
    if (keyIdOfPem(rotation.publicKeyPem) !== rotation.to) return false;
    const signature = Buffer.from(rotation.signature, 'base64');
    return verify(
      'sha256',
      statement(rotation),
      { key: by.publicKeyPem, dsaEncoding: 'der' },
      signature,
    );
  } catch {
    return false;
  }
}

function isRotation(value: unknown): value is KeyRotation {
  const r = value as Partial<KeyRotation> | null;
  return ['from', 'to', 'publicKeyPem', 'at', 'signature'].every(
    (field) => typeof (r as Record<string, unknown> | null)?.[field] === 'string',
  );
}

/**
 * The pinned keys and every key a trusted key vouched for, transitively (old → new → newer).
 * A rotation signed by anything but a trusted key is ignored: keys.json is read from the same
 * place as the snapshot and is trusted for nothing it does not prove.
 */
export function followRotations(
  pinned: readonly PinnedKey[],
  rotations: readonly unknown[],
): PinnedKey[] {
  const trusted = new Map(pinned.map((k) => [k.keyId, k]));
  const valid = rotations.filter(isRotation);
  for (let grew = true; grew;) {
    grew = false;
    for (const rotation of valid) {
      const by = trusted.get(rotation.from);
      if (!by || trusted.has(rotation.to) || !holds(rotation, by)) continue;
      trusted.set(rotation.to, {
        keyId: rotation.to,
        publicKeyPem: rotation.publicKeyPem,
        notBefore: rotation.at,
      });
      grew = true;
    }
  }
  return [...trusted.values()];
}
