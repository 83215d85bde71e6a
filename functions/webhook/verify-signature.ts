import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * GitHub signs every delivery with HMAC-SHA256 of the raw request body under the webhook
 * secret, and sends `X-Hub-Signature-256: sha256=<64 hex>`. The HMAC is computed over the
 * bytes as received: re-serialised JSON would not match.
 */
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The header value GitHub would send for this body (tests and tools sign with it). */
export function signBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * True when `header` is a valid signature of `body`. The comparison runs in constant time over
 * two 32-byte digests, so the time taken says nothing about how many bytes matched; a missing
 * or malformed header is simply false.
 */
export function verifySignature(
  secret: string,
  body: Buffer,
  header: string | undefined | null,
): boolean {
  if (!secret || !header) return false;
  const match = SIGNATURE.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
