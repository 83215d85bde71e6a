import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/**
 * GitHub App JWTs as GitHub checks them: RS256, `iss` the app id, `iat` not in the future,
 * `exp` in the future and at most ten minutes after now. The messages are GitHub's where
 * `@octokit/auth-app` reacts to them (it retries once with the clock difference).
 */

export interface AppJwtCheck {
  appId: number;
  publicKey: KeyObject | undefined;
  nowSeconds: number;
}

const SKEW_SECONDS = 60;

function decodePart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function publicKeyFrom(pem: string | undefined): KeyObject | undefined {
  return pem ? createPublicKey(pem) : undefined;
}

/** Undefined when the JWT is good, else why GitHub would answer 401. */
export function appJwtProblem(jwt: string, check: AppJwtCheck): string | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3) return 'A JSON web token could not be decoded';
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  if (!header || !payload) return 'A JSON web token could not be decoded';
  if (header.alg !== 'RS256') return `'alg' must be RS256, not ${String(header.alg)}`;
  const { iat, exp, iss } = payload;
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > check.nowSeconds + SKEW_SECONDS)
    return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
  if (typeof exp !== 'number' || !Number.isInteger(exp) || exp <= check.nowSeconds)
    return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
  if (exp > check.nowSeconds + 600 + SKEW_SECONDS || exp - iat > 600 + SKEW_SECONDS)
    return "'Expiration time' claim ('exp') is too far in the future";
  if (String(iss) !== String(check.appId))
    return `'Issuer' claim ('iss') ${JSON.stringify(iss)} is not this App's id ${check.appId}`;
  if (check.publicKey) {
    const good = verify(
      'RSA-SHA256',
      Buffer.from(`${headerPart}.${payloadPart}`),
      check.publicKey,
      Buffer.from(signaturePart, 'base64url'),
    );
    if (!good) return 'A JSON web token could not be decoded (bad signature)';
  }
  return undefined;
}
