import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The value as canonical JSON (RFC 8785, JCS), UTF-8: the exact bytes that are signed. */
export function canonicalBytes(value: unknown): Uint8Array {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonical: the value has no JSON form');
  return new TextEncoder().encode(text);
}

/** True when the bytes are UTF-8 JSON already in canonical form (re-serialising changes nothing). */
export function isCanonical(bytes: Uint8Array): boolean {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    return Buffer.from(canonicalBytes(value)).equals(Buffer.from(bytes));
  } catch {
    return false;
  }
}

/** SHA-256 of the bytes, lowercase hex: how snapshots name each other. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
