/**
 * The running service's configuration (DESIGN.md, "Configuration of the running service"):
 * the same environment variables for the Lambda functions and the local server. These names
 * are an interface; other tools drive the service through them.
 */
export interface ServiceEnvironment {
  githubApiUrl: string;
  githubAppId: string | null;
  /** PEM text, a path to it, or null; in AWS, a Secrets Manager ARN instead (below). */
  githubAppPrivateKey: string | null;
  githubAppPrivateKeySecretArn: string | null;
  githubWebhookSecret: string | null;
  githubWebhookSecretArn: string | null;
  dataDir: string;
  port: number;
  /** Jobs the local server runs at once (Lambda's concurrency, on one machine). */
  localWorkers: number;
  dynamodbEndpoint: string | null;
  s3Endpoint: string | null;
  resultsTable: string;
  snapshotBucket: string;
  jobQueueUrl: string | null;
  /** A KMS key id/ARN/alias, a path to a local PEM, or null: a key under the data dir. */
  signingKey: string | null;
  /** During a key rotation, the key SIGNING_KEY replaces: it signs the change to the new one. */
  previousSigningKey: string | null;
  publicBaseUrl: string | null;
}

export const LOCAL_RESULTS_TABLE = 'policy-checker-results';
export const LOCAL_SNAPSHOT_BUCKET = 'policy-checker-snapshots';

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value;
}

/** Reads the environment; a malformed value is an error that names the variable. */
export function readEnvironment(env: Env): ServiceEnvironment {
  const portText = nonEmpty(env.PORT) ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT: "${portText}" is not a port number (0-65535)`);
  const workersText = nonEmpty(env.POLICY_CHECKER_WORKERS) ?? '1';
  const localWorkers = Number(workersText);
  if (!Number.isInteger(localWorkers) || localWorkers < 1 || localWorkers > 64)
    throw new Error(`POLICY_CHECKER_WORKERS: "${workersText}" is not a whole number from 1 to 64`);
  const apiUrl = (nonEmpty(env.GITHUB_API_URL) ?? 'https://api.github.com').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(apiUrl))
    throw new Error(`GITHUB_API_URL: "${apiUrl}" is not an http(s) URL`);
  return {
    githubApiUrl: apiUrl,
    githubAppId: nonEmpty(env.GITHUB_APP_ID),
    githubAppPrivateKey: nonEmpty(env.GITHUB_APP_PRIVATE_KEY),
    githubAppPrivateKeySecretArn: nonEmpty(env.GITHUB_APP_PRIVATE_KEY_SECRET_ARN),
    githubWebhookSecret: nonEmpty(env.GITHUB_WEBHOOK_SECRET),
    githubWebhookSecretArn: nonEmpty(env.GITHUB_WEBHOOK_SECRET_ARN),
    dataDir: nonEmpty(env.POLICY_CHECKER_DATA_DIR) ?? '.policy-checker',
    port,
    localWorkers,
    dynamodbEndpoint: nonEmpty(env.DYNAMODB_ENDPOINT),
    s3Endpoint: nonEmpty(env.S3_ENDPOINT),
    resultsTable: nonEmpty(env.RESULTS_TABLE) ?? LOCAL_RESULTS_TABLE,
    snapshotBucket: nonEmpty(env.SNAPSHOT_BUCKET) ?? LOCAL_SNAPSHOT_BUCKET,
    jobQueueUrl: nonEmpty(env.JOB_QUEUE_URL),
    signingKey: nonEmpty(env.SIGNING_KEY),
    previousSigningKey: nonEmpty(env.PREVIOUS_SIGNING_KEY),
    publicBaseUrl: nonEmpty(env.PUBLIC_BASE_URL),
  };
}
