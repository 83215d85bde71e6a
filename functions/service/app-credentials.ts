import { existsSync, readFileSync } from 'node:fs';
import type { ServiceEnvironment } from './environment.js';
import { registerSecret } from './log.js';
import type { GitHubAppCredentials } from '../github/octokit.js';

/**
 * The GitHub App's id and private key: the key as PEM text or a path to it locally, or a
 * Secrets Manager secret in AWS (read through `readSecret`, so only this function's role
 * needs access to it). Missing configuration is an error that says which variable to set.
 */
export async function appCredentials(
  env: ServiceEnvironment,
  readSecret: (arn: string) => Promise<string>,
): Promise<GitHubAppCredentials> {
  if (!env.githubAppId)
    throw new Error('GITHUB_APP_ID is not set: set it to the GitHub App’s id (its settings page)');
  let key: string;
  if (env.githubAppPrivateKeySecretArn) key = await readSecret(env.githubAppPrivateKeySecretArn);
  else if (!env.githubAppPrivateKey)
    throw new Error(
      'GITHUB_APP_PRIVATE_KEY is not set: set it to the App’s private key (PEM text, or the path of the .pem file GitHub gave you)',
    );
  else if (env.githubAppPrivateKey.includes('-----BEGIN')) key = env.githubAppPrivateKey;
  else if (existsSync(env.githubAppPrivateKey)) key = readFileSync(env.githubAppPrivateKey, 'utf8');
  else
    // The value is not quoted: it may be the key itself without its BEGIN line (base64 only).
    throw new Error(
      `GITHUB_APP_PRIVATE_KEY (${env.githubAppPrivateKey.length} characters, not shown) is neither PEM text nor the path of a file that exists`,
    );
  // Environment variables often carry the PEM with literal "\n"s.
  const privateKey = key.replace(/\\n/g, '\n');
  // Masked in every log line from now on (log.ts), in both forms.
  registerSecret(key);
  registerSecret(privateKey);
  return { appId: env.githubAppId, privateKey };
}

/**
 * The credentials read once per container and reused; a failed read (a secrets hiccup) is not
 * kept, so the next job tries again instead of the container failing every job after it.
 */
export function cachedAppCredentials(
  env: ServiceEnvironment,
  readSecret: (arn: string) => Promise<string>,
): () => Promise<GitHubAppCredentials> {
  let pending: Promise<GitHubAppCredentials> | undefined;
  return () => {
    pending ??= appCredentials(env, readSecret).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
