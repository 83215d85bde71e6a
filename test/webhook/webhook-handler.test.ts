import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseCheckJob, type CheckJob } from '../../functions/jobs/check-job.js';
import { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { SqsJobQueue } from '../../functions/jobs/sqs-job-queue.js';
import { DeliveryStore } from '../../functions/store/deliveries.js';
import {
  createWebhookHandler,
  handler,
  type HttpApiEvent,
} from '../../functions/handlers/webhook.js';
import { cachedSecret } from '../../functions/service/secrets.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { SECRET, example, signedRequest } from './webhook-examples.js';

/** What the fake SQS endpoint received: one entry per request. */
interface SqsCall {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/**
 * A tiny SQS endpoint speaking the JSON protocol the SDK uses (AWS JSON 1.0): enough of
 * `AmazonSQS.SendMessage` to answer as SQS does, with the body's MD5 the SDK verifies.
 */
async function startFakeSqs(): Promise<{ url: string; calls: SqsCall[]; server: Server }> {
  const calls: SqsCall[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      calls.push({ headers: request.headers, body });
      if (request.headers['x-amz-target'] !== 'AmazonSQS.SendMessage') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction' }));
        return;
      }
      const md5 = createHash('md5').update(String(body.MessageBody)).digest('hex');
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5 }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, server };
}

const JOB: CheckJob = {
  v: 1,
  deliveryId: 'd-sqs',
  trigger: 'push',
  repo: { owner: 'acme', name: 'policies', id: 7 },
  installationId: 1,
  sha: 'e'.repeat(40),
  ref: 'refs/heads/main',
  pr: null,
  defaultBranch: 'main',
  rerun: false,
};

function lambdaEvent(event: string, payload: unknown, base64: boolean): HttpApiEvent {
  const request = signedRequest(event, payload);
  // API Gateway v2 lower-cases names; a proxy or a test may not: the handler must not care.
  const headers = Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase()),
      value,
    ]),
  );
  return {
    headers,
    body: base64 ? request.body.toString('base64') : request.body.toString('utf8'),
    isBase64Encoded: base64,
    requestContext: { http: { method: 'POST' } },
  };
}

describe('the SQS job queue, through the real SQSClient', () => {
  let sqs: Awaited<ReturnType<typeof startFakeSqs>>;
  beforeAll(async () => {
    sqs = await startFakeSqs();
  });
  afterAll(() => new Promise<void>((resolve) => sqs.server.close(() => resolve())));

  it('sends the job JSON with SendMessage over the JSON protocol', async () => {
    const client = new SQSClient({
      endpoint: sqs.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const queueUrl = `${sqs.url}/123456789012/policy-checker-jobs`;
    const queue = new SqsJobQueue({ client, queueUrl });
    await queue.enqueue(JOB);
    await queue.enqueue(JOB, { delaySeconds: 5000 });
    client.destroy();
    expect(sqs.calls).toHaveLength(2);
    const [first, second] = sqs.calls;
    expect(first!.headers['x-amz-target']).toBe('AmazonSQS.SendMessage');
    expect(first!.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(first!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(first!.body).toEqual({ QueueUrl: queueUrl, MessageBody: JSON.stringify(JOB) });
    expect(parseCheckJob(String(first!.body.MessageBody))).toEqual(JOB);
    expect(second!.body.DelaySeconds).toBe(900); // SQS's maximum
  });
});

describe('the webhook Lambda entry', () => {
  let engines: LocalEngines;
  const saved = { ...process.env };
  beforeAll(async () => {
    engines = await startLocalEngines();
  });
  afterAll(() => engines.close());
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it('reads base64 bodies and any header case, and answers JSON', async () => {
    const tableName = await engines.newTable();
    const queue = new LocalJobQueue({ client: engines.dynamo, tableName });
    const handle = createWebhookHandler(() => ({
      secret: SECRET,
      deliveries: new DeliveryStore({ client: engines.dynamo, tableName }),
      queue,
    }));
    const push = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
    const fromBase64 = await handle(lambdaEvent('push', push, true));
    expect(fromBase64.statusCode).toBe(202);
    expect(fromBase64.headers['content-type']).toBe('application/json');
    expect(JSON.parse(fromBase64.body)).toMatchObject({ status: 'accepted' });
    const plain = await handle(lambdaEvent('ping', example('ping'), false));
    expect(plain.statusCode).toBe(200);
    const unsigned = lambdaEvent('push', push, false);
    delete unsigned.headers!['X-Hub-Signature-256'];
    expect((await handle(unsigned)).statusCode).toBe(401);
    const get = await handle({ requestContext: { http: { method: 'GET' } } });
    expect(get.statusCode).toBe(405);
    expect(await queue.pending()).toHaveLength(1);
  });

  it('the exported handler runs from the environment: DynamoDB and SQS', async () => {
    const sqs = await startFakeSqs();
    try {
      const tableName = await engines.newTable();
      Object.assign(process.env, {
        GITHUB_WEBHOOK_SECRET: SECRET,
        DYNAMODB_ENDPOINT: engines.dynamoEndpoint,
        RESULTS_TABLE: tableName,
        JOB_QUEUE_URL: `${sqs.url}/123456789012/jobs`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      });
      const push = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
      const event = lambdaEvent('push', push, false);
      const response = await handler(event);
      expect(response.statusCode).toBe(202);
      expect((await handler(event)).body).toContain('"duplicate"');
      expect(sqs.calls).toHaveLength(1);
      expect(parseCheckJob(String(sqs.calls[0]!.body.MessageBody))).toMatchObject({
        trigger: 'push',
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
      });
    } finally {
      await new Promise<void>((resolve) => sqs.server.close(() => resolve()));
    }
  });

  it('a secret ARN is read once per container through the secrets extension', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const urls: string[] = [];
    const extension = createServer((request, response) => {
      seen.push(request.headers);
      urls.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ Name: 'webhook', SecretString: 'from-secrets-manager' }));
    });
    extension.listen(0); // every interface: "localhost" may resolve to ::1 or 127.0.0.1
    await once(extension, 'listening');
    try {
      process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT = String(
        (extension.address() as AddressInfo).port,
      );
      process.env.AWS_SESSION_TOKEN = 'session-token';
      const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:webhook-AbCdEf';
      const secret = cachedSecret(null, arn, 'GITHUB_WEBHOOK_SECRET');
      expect(await secret()).toBe('from-secrets-manager');
      expect(await secret()).toBe('from-secrets-manager');
      expect(seen).toHaveLength(1);
      expect(seen[0]!['x-aws-parameters-secrets-token']).toBe('session-token');
      expect(urls[0]).toBe(`/secretsmanager/get?secretId=${encodeURIComponent(arn)}`);
    } finally {
      extension.close();
    }
  });

  it('the secret cache expires, and a failed fetch is not cached', async () => {
    let time = 0;
    let calls = 0;
    const secret = cachedSecret(
      null,
      'arn',
      'GITHUB_WEBHOOK_SECRET',
      async () => (++calls === 1 ? Promise.reject(new Error('not ready')) : `s${calls}`),
      () => time,
    );
    await expect(secret()).rejects.toThrow('not ready');
    expect(await secret()).toBe('s2');
    time += 9 * 60 * 1000;
    expect(await secret()).toBe('s2');
    time += 2 * 60 * 1000;
    expect(await secret()).toBe('s3');
    expect(await cachedSecret('plain', 'arn', 'GITHUB_WEBHOOK_SECRET')()).toBe('plain');
    await expect(cachedSecret(null, null, 'GITHUB_WEBHOOK_SECRET')()).rejects.toThrow(
      'GITHUB_WEBHOOK_SECRET',
    );
  });
});
