import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue } from '../jobs/sqs-job-queue.js';
import { dynamoClient } from '../service/aws-clients.js';
import { readEnvironment } from '../service/environment.js';
import { createLogger, logEntry, type Logger } from '../service/log.js';
import { cachedSecret } from '../service/secrets.js';
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

const rootLog = createLogger();
/**
 * The current invocation's logger, bound to the delivery id from the request's headers (known
 * before the signature is checked, so every line of a delivery carries it). A Lambda container
 * runs one invocation at a time.
 */
let invocationLog: Logger = rootLog;

/** The Lambda handler around a service factory (called once per container, on first use). */
export function createWebhookHandler(
  services: () => DeliveryServices,
): (event: HttpApiEvent) => Promise<HttpApiResult> {
  let cached: DeliveryServices | undefined;
  return async (event) => {
    const headers = lowerCased(event.headers);
    invocationLog = rootLog.child({ deliveryId: headers['x-github-delivery'] ?? null });
    const method = event.requestContext?.http?.method;
    if (method && method.toUpperCase() !== 'POST')
      return result({ statusCode: 405, body: { status: 'rejected', reason: 'POST only' } });
    try {
      cached ??= services();
      const body = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      return result(await handleDelivery({ headers, body }, cached));
    } catch (error) {
      invocationLog.error('webhook failed', { error: String(error) });
      return result({ statusCode: 500, body: { status: 'failed', reason: 'internal error' } });
    }
  };
}

function servicesFromEnvironment(): DeliveryServices {
  const env = readEnvironment(process.env);
  if (!env.jobQueueUrl) throw new Error('JOB_QUEUE_URL is not set');
  return {
    secret: cachedSecret(
      env.githubWebhookSecret,
      env.githubWebhookSecretArn,
      'GITHUB_WEBHOOK_SECRET',
    ),
    deliveries: new DeliveryStore({
      client: dynamoClient(env.dynamodbEndpoint ?? undefined),
      tableName: env.resultsTable,
    }),
    queue: new SqsJobQueue({ client: new SQSClient({}), queueUrl: env.jobQueueUrl }),
    log: (entry) => logEntry(invocationLog, entry),
  };
}

export const handler = createWebhookHandler(servicesFromEnvironment);
