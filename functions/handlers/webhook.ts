import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue } from '../jobs/sqs-job-queue.js';
import { dynamoClient } from '../service/aws-clients.js';
import { readEnvironment } from '../service/environment.js';
import { DeliveryStore } from '../store/deliveries.js';
import {
  handleDelivery,
  type DeliveryServices,
  type WebhookResponse,
} from '../webhook/handle-delivery.js';

/**
 * The webhook Lambda: API Gateway HTTP API or function URL, payload format 2.0. It translates
 * the event into the service's request (raw body bytes, lower-cased headers) and the answer
 * back; everything else is handle-delivery.ts. It must stay small: no engine, no Octokit
 * (test/webhook checks its import graph).
 */

/** The parts of an API Gateway v2 / function URL event this function reads. */
export interface HttpApiEvent {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

export interface HttpApiResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Header names lower-cased: v2 events already are, but a test or a proxy may not be. */
function lowerCased(headers: HttpApiEvent['headers']): Record<string, string | undefined> {
  const result: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers ?? {})) result[name.toLowerCase()] = value;
  return result;
}

function result(response: WebhookResponse): HttpApiResult {
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(response.body),
  };
}

/** The Lambda handler around a service factory (called once per container, on first use). */
export function createWebhookHandler(
  services: () => DeliveryServices,
): (event: HttpApiEvent) => Promise<HttpApiResult> {
  let cached: DeliveryServices | undefined;
  return async (event) => {
    const method = event.requestContext?.http?.method;
    if (method && method.toUpperCase() !== 'POST')
      return result({ statusCode: 405, body: { status: 'rejected', reason: 'POST only' } });
    try {
      cached ??= services();
      const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      return result(await handleDelivery({ headers: lowerCased(event.headers), body }, cached));
    } catch (error) {
      console.error(
        JSON.stringify({ level: 'error', msg: 'webhook failed', error: String(error) }),
      );
      return result({ statusCode: 500, body: { status: 'failed', reason: 'internal error' } });
    }
  };
}

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
async function secretFromExtension(secretId: string): Promise<string> {
  const port = process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT || '2773';
  const response = await fetch(
    `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`,
    { headers: { 'X-Aws-Parameters-Secrets-Token': process.env.AWS_SESSION_TOKEN ?? '' } },
  );
  if (!response.ok) throw new Error(`secrets extension answered ${response.status}`);
  const { SecretString } = (await response.json()) as { SecretString?: string };
  if (!SecretString) throw new Error('the webhook secret has no SecretString');
  return SecretString;
}

/** `GITHUB_WEBHOOK_SECRET` as is, or the secret named by `GITHUB_WEBHOOK_SECRET_ARN`, cached. */
export function webhookSecret(
  value: string | null,
  arn: string | null,
  fetchSecret: (arn: string) => Promise<string> = secretFromExtension,
  now: () => number = Date.now,
): () => Promise<string> {
  if (value) return async () => value;
  if (!arn) return async () => Promise.reject(new Error('GITHUB_WEBHOOK_SECRET(_ARN) is not set'));
  let cache: { secret: Promise<string>; until: number } | undefined;
  return () => {
    if (!cache || cache.until <= now()) {
      const secret = fetchSecret(arn);
      cache = { secret, until: now() + SECRET_CACHE_MS };
      secret.catch(() => {
        if (cache?.secret === secret) cache = undefined; // a failure is not cached
      });
    }
    return cache.secret;
  };
}

function servicesFromEnvironment(): DeliveryServices {
  const env = readEnvironment(process.env);
  if (!env.jobQueueUrl) throw new Error('JOB_QUEUE_URL is not set');
  return {
    secret: webhookSecret(env.githubWebhookSecret, env.githubWebhookSecretArn),
    deliveries: new DeliveryStore({
      client: dynamoClient(env.dynamodbEndpoint ?? undefined),
      tableName: env.resultsTable,
    }),
    queue: new SqsJobQueue({ client: new SQSClient({}), queueUrl: env.jobQueueUrl }),
    log: (entry) => console.log(JSON.stringify(entry)),
  };
}

export const handler = createWebhookHandler(servicesFromEnvironment);
