import { registerSecret } from './log.js';

/**
 * How long a fetched secret is reused. Per container, so a delivery costs no secret lookup;
 * bounded, so a rotated secret reaches warm containers within minutes.
 */
const SECRET_CACHE_MS = 10 * 60 * 1000;

/**
 * Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension (a
 * layer on the function): a local HTTP call, authenticated by the function's session token.
 * `@aws-sdk/client-secrets-manager` is not a dependency, and the extension also caches.
 */
export async function secretFromExtension(secretId: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || '2773';
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  if (!response.ok) throw new Error(`secrets extension answered ${response.status}`);
  const { SecretString } = (await response.json()) as { SecretString?: string };
  if (!SecretString) throw new Error(`the secret ${secretId} has no SecretString`);
  // Masked in every log line from now on (log.ts), whatever later carries it there.
  registerSecret(SecretString);
  return SecretString;
}

/**
 * A secret given as is (locally), or the Secrets Manager secret named by an ARN (in AWS, so
 * each function's role reads only its own), fetched once and reused for a while.
 */
export function cachedSecret(
  value: string | null,
  arn: string | null,
  variable: string,
  fetchSecret: (arn: string) => Promise<string> = secretFromExtension,
  now: () => number = Date.now,
): () => Promise<string> {
  if (value) {
    registerSecret(value);
    return async () => value;
  }
  if (!arn)
    return async () => Promise.reject(new Error(`${variable} (or ${variable}_ARN) is not set`));
  let cache: { secret: Promise<string>; until: number } | undefined;
  return () => {
    if (!cache || cache.until <= now()) {
      // Registered here too: `fetchSecret` may be another reader than secretFromExtension.
      const secret = fetchSecret(arn).then((value) => (registerSecret(value), value));
      cache = { secret, until: now() + SECRET_CACHE_MS };
      secret.catch(() => {
        if (cache?.secret === secret) cache = undefined; // a failure is not cached
      });
    }
    return cache.secret;
  };
}
