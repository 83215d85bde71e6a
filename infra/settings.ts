import type { Node } from 'constructs';

/**
 * How the publish function makes sure it publishes the default branch's head only:
 * - `verify-head` (default): it asks GitHub for the branch's head just before publishing, so it
 *   gets the App id and read access to the App's private key;
 * - `trust-check`: it trusts the head the check function saw, and cannot read the private key.
 * Whether a failing check is published stays each repository's choice (`snapshot.onFailure`).
 */
export type DefaultBranchPublish = 'verify-head' | 'trust-check';

/** What a deployment chooses; each field is also a context key (`cdk deploy -c key=value`). */
export interface PolicyCheckerSettings {
  /** The GitHub App's id; absent, the template asks for it as the `GitHubAppId` parameter. */
  githubAppId?: string;
  /** GitHub's REST API (GitHub Enterprise Server: its `/api/v3` URL). */
  githubApiUrl: string;
  /** An existing Secrets Manager secret (complete ARN) holding the webhook secret; else created. */
  webhookSecretArn?: string;
  /** An existing secret (complete ARN) holding the App's private key (PEM); else created. */
  privateKeySecretArn?: string;
  defaultBranchPublish: DefaultBranchPublish;
  /** Days before stored results' details under `results/` expire; absent, they are kept. */
  resultRetentionDays?: number;
  /** Days that replaced versions of `results/` objects, and access logs, are kept. */
  noncurrentRetentionDays: number;
  /** Days the functions' and the API's CloudWatch logs are kept. */
  logRetentionDays: number;
  /** DynamoDB deletion protection (the table is retained on stack deletion either way). */
  deletionProtection: boolean;
  /** A custom domain for the snapshots, with its ACM certificate (us-east-1) ARN. */
  snapshotDomainName?: string;
  snapshotCertificateArn?: string;
  /** The public page's logo origin (`https://…`), allowed by the page's CSP `img-src`. */
  pageLogoOrigin?: string;
  /** An address subscribed to the alarm topic. */
  alarmEmail?: string;
  /** Steady and burst requests per second the webhook endpoint accepts. */
  webhookRateLimit: number;
  webhookBurstLimit: number;
  /** Check functions running at once (the event source's maximum concurrency, at least 2). */
  checkConcurrency: number;
}

export const DEFAULT_SETTINGS: PolicyCheckerSettings = {
  githubApiUrl: 'https://api.github.com',
  defaultBranchPublish: 'verify-head',
  noncurrentRetentionDays: 30,
  logRetentionDays: 90,
  deletionProtection: true,
  webhookRateLimit: 50,
  webhookBurstLimit: 100,
  checkConcurrency: 5,
};

/** A context value that is not what its key needs; the message names the key. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

type Raw = (key: string) => unknown;

function text(raw: Raw, key: string, pattern?: RegExp, hint?: string): string | undefined {
  const value = raw(key);
  if (value === undefined || value === null || value === '') return undefined;
  const s = String(value).trim();
  if (pattern && !pattern.test(s))
    throw new SettingsError(`context ${key}: "${s}" is not ${hint ?? `like ${pattern}`}`);
  return s;
}

function integer(raw: Raw, key: string, min: number, fallback: number): number;
function integer(raw: Raw, key: string, min: number): number | undefined;
function integer(raw: Raw, key: string, min: number, fallback?: number): number | undefined {
  const s = text(raw, key);
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min)
    throw new SettingsError(`context ${key}: "${s}" is not a whole number of at least ${min}`);
  return n;
}

function flag(raw: Raw, key: string, fallback: boolean): boolean {
  const s = text(raw, key);
  if (s === undefined) return fallback;
  if (s === 'true' || s === 'false') return s === 'true';
  throw new SettingsError(`context ${key}: "${s}" is not true or false`);
}

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;
const SECRET_HINT =
  'a complete secret ARN (ending in the six-character suffix Secrets Manager adds)';

/** Reads the settings from CDK context (cdk.json or `-c key=value`), checking each value. */
export function readSettings(node: Node): PolicyCheckerSettings {
  const raw: Raw = (key) => node.tryGetContext(key);
  const d = DEFAULT_SETTINGS;
  const publish = text(raw, 'defaultBranchPublish') ?? d.defaultBranchPublish;
  if (publish !== 'verify-head' && publish !== 'trust-check')
    throw new SettingsError(
      `context defaultBranchPublish: "${publish}" is not verify-head or trust-check`,
    );
  const settings: PolicyCheckerSettings = {
    githubAppId: text(raw, 'githubAppId', /^\d+$/, 'a GitHub App id (digits)'),
    githubApiUrl: text(raw, 'githubApiUrl', /^https:\/\/\S+$/, 'an https URL') ?? d.githubApiUrl,
    webhookSecretArn: text(raw, 'webhookSecretArn', SECRET_ARN, SECRET_HINT),
    privateKeySecretArn: text(raw, 'privateKeySecretArn', SECRET_ARN, SECRET_HINT),
    defaultBranchPublish: publish,
    resultRetentionDays: integer(raw, 'resultRetentionDays', 1),
    noncurrentRetentionDays: integer(raw, 'noncurrentRetentionDays', 1, d.noncurrentRetentionDays),
    logRetentionDays: integer(raw, 'logRetentionDays', 1, d.logRetentionDays),
    deletionProtection: flag(raw, 'deletionProtection', d.deletionProtection),
    snapshotDomainName: text(raw, 'snapshotDomainName', /^[a-z0-9.-]+\.[a-z]{2,}$/i, 'a host name'),
    snapshotCertificateArn: text(raw, 'snapshotCertificateArn', /^arn:aws[a-z-]*:acm:us-east-1:/),
    pageLogoOrigin: text(raw, 'pageLogoOrigin', /^https:\/\/[^/\s]+$/, 'an https origin'),
    alarmEmail: text(raw, 'alarmEmail', /^[^@\s]+@[^@\s]+$/, 'an email address'),
    webhookRateLimit: integer(raw, 'webhookRateLimit', 1, d.webhookRateLimit),
    webhookBurstLimit: integer(raw, 'webhookBurstLimit', 1, d.webhookBurstLimit),
    checkConcurrency: integer(raw, 'checkConcurrency', 2, d.checkConcurrency),
  };
  if (Boolean(settings.snapshotDomainName) !== Boolean(settings.snapshotCertificateArn))
    throw new SettingsError(
      'context snapshotDomainName and snapshotCertificateArn go together: give both or neither',
    );
  return settings;
}
