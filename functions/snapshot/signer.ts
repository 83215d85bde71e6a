import { createHash, createPublicKey } from 'node:crypto';

/**
 * Signs snapshot bytes: ECDSA on P-256 with SHA-256, signature DER-encoded and detached, so
 * `openssl dgst -sha256 -verify public-key.pem -signature N.json.sig N.json` checks it.
 */
export interface Signer {
  /** `sha256:<hex>` of the public key's SubjectPublicKeyInfo (DER): the fingerprint customers pin. */
  keyId: string;
  publicKeyPem(): Promise<string>;
  sign(bytes: Uint8Array): Promise<Uint8Array>;
}

/** The one algorithm: what KMS calls `ECDSA_SHA_256` on an `ECC_NIST_P256` key. */
export const SIGNING_ALGORITHM = 'ECDSA_P256_SHA256';

/** The key id (fingerprint) of a public key given as SPKI DER bytes. */
export function keyIdOfSpki(spkiDer: Uint8Array): string {
  return `sha256:${createHash('sha256').update(spkiDer).digest('hex')}`;
}

/** The key id (fingerprint) of a PEM public key (or of the public half of a private key). */
export function keyIdOfPem(pem: string): string {
  const der = createPublicKey(pem).export({ type: 'spki', format: 'der' });
  return keyIdOfSpki(der);
}

/** SPKI DER → PEM text. */
export function spkiToPem(spkiDer: Uint8Array): string {
  return createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** True when the PEM is an EC public key on P-256, the only curve snapshots use. */
export function isP256(pem: string): boolean {
  const key = createPublicKey(pem);
  return key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/**
 * A fingerprint as people write it (`sha256:AB:CD:…`, `abcd…`) in the one form key ids use
 * (`sha256:abcd…`), or null when it is not 64 hex digits.
 */
export function normaliseFingerprint(text: string): string | null {
  const hex = text
    .trim()
    .replace(/^sha256:/i, '')
    .replace(/:/g, '')
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? `sha256:${hex}` : null;
}
