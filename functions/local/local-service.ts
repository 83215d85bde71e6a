import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildAliasIndex } from '../engine/index.js';
import { runCheckJob } from '../checks/run-check-job.js';
import { settleDeadJob } from '../checks/settle-dead-job.js';
import type { GitHubAppCredentials } from '../github/octokit.js';
import { defaultBranchHead } from '../github/default-branch-head.js';
import { RetryLaterError } from '../github/retry-later.js';
import { LocalJobQueue } from '../jobs/local-job-queue.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import { dynamoClient, s3Client } from '../service/aws-clients.js';
import { checkServices } from '../service/check-services.js';
import type { ServiceEnvironment } from '../service/environment.js';
import { chooseSigner } from '../snapshot/choose-signer.js';
import {
  publishCommit,
  publishEventOf,
  type PublishCommitDeps,
} from '../snapshot/publish-commit.js';
import type { PublishOutcome } from '../snapshot/publish-snapshot.js';
import { DeliveryStore } from '../store/deliveries.js';
import { createResultsStore } from '../store/results.js';
import { ensureTable } from '../store/table.js';
import { jobFields, logEntry, type Logger } from '../service/log.js';
import {
  handleDelivery,
  type WebhookRequest,
  type WebhookResponse,
} from '../webhook/handle-delivery.js';
import { startDynalite, startS3rver, type EmbeddedEngine } from './embedded-engines.js';
import { JobWorker, type WorkerEvent } from './job-worker.js';

/**
 * The whole service in one process: the webhook handler, a durable local queue, the check
 * function run by an in-process worker, and the publisher, over DynamoDB and S3 engines that
 * speak the real APIs (embedded dynalite and s3rver under the data dir, unless
 * DYNAMODB_ENDPOINT / S3_ENDPOINT name others). The same code as the Lambda functions.
 */
export interface LocalService {
  dynamodbEndpoint: string;
  s3Endpoint: string;
  webhook(request: WebhookRequest): Promise<WebhookResponse>;
  worker: JobWorker;
  /** The signing key's id (`sha256:` of its public key): the fingerprint `verify` pins. */
  keyId: string;
  results: ReturnType<typeof createResultsStore>;
  /** Reads a published object: the local server serves the snapshots. */
  readObject(key: string): Promise<{ body: Uint8Array; contentType: string } | null>;
  close(): Promise<void>;
}

export interface LocalServiceOptions {
  env: ServiceEnvironment;
  credentials: GitHubAppCredentials;
  webhookSecret: string;
  publicBaseUrl: string;
  onEvent?: (event: WorkerEvent | { kind: 'published'; outcome: PublishOutcome }) => void;
  now?: () => Date;
  /** Milliseconds in a second of GitHub's pacing and retry-after (a soak shrinks it). */
  secondMs?: number;
  /** One GitHub request's time limit. */
  requestTimeoutMs?: number;
  /**
   * Where the service's JSON log lines go, as the Lambda functions write them (the webhook's
   * decisions, each job's failures and retries); default: nowhere, start.ts says it in prose.
   */
  logger?: Logger;
}

export async function startLocalService(options: LocalServiceOptions): Promise<LocalService> {
  const { env } = options;
  const dataDir = resolve(env.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const engines: EmbeddedEngine[] = [];
  const dynamodbEndpoint =
    env.dynamodbEndpoint ?? (await keep(engines, startDynalite(join(dataDir, 'dynamodb'))));
  const s3Endpoint =
    env.s3Endpoint ?? (await keep(engines, startS3rver(join(dataDir, 's3'), [env.snapshotBucket])));
  // Other commands on this machine (policy-check history) find the running engines here.
  const enginesFile = join(dataDir, 'engines.json');
  writeFileSync(enginesFile, JSON.stringify({ dynamodbEndpoint, s3Endpoint, pid: process.pid }));

  const dynamo = dynamoClient(dynamodbEndpoint);
  const s3 = s3Client(s3Endpoint);
  await ensureTable(dynamo, env.resultsTable);
  const now = options.now ?? (() => new Date());
  const results = createResultsStore({
    dynamo,
    table: env.resultsTable,
    s3,
    bucket: env.snapshotBucket,
  });
  const publishDeps: PublishCommitDeps = {
    dynamo,
    table: env.resultsTable,
    s3,
    bucket: env.snapshotBucket,
    signer: await chooseSigner({ signingKey: env.signingKey, dataDir }),
    previousSigner: env.previousSigningKey
      ? await chooseSigner({ signingKey: env.previousSigningKey, dataDir })
      : null,
    baseUrl: options.publicBaseUrl,
    aliasIndex: buildAliasIndex(loadRulePack().aliases),
    getResult: (repo, sha) => results.getResult(repo, sha),
    now,
  };
  let deadline = 0;
  publishDeps.currentHead = async (repo, installationId) => {
    const [owner = '', name = ''] = repo.split('/');
    return (await defaultBranchHead(services.github(installationId), owner, name))?.sha ?? null;
  };
  const services = checkServices({
    dynamo,
    s3,
    table: env.resultsTable,
    bucket: env.snapshotBucket,
    githubApiUrl: env.githubApiUrl,
    credentials: options.credentials,
    deadline: () => deadline,
    now,
    ...(options.secondMs !== undefined ? { secondMs: options.secondMs } : {}),
    ...(options.requestTimeoutMs !== undefined
      ? { requestTimeoutMs: options.requestTimeoutMs }
      : {}),
    ...(options.logger ? { log: (entry) => logEntry(options.logger!, entry) } : {}),
  });
  const queue = new LocalJobQueue({
    client: dynamo,
    tableName: env.resultsTable,
    onEnqueued: () => worker.wake(),
  });
  const worker = new JobWorker(queue, {
    run: (job) => {
      // A local job has the time a Lambda would have: 15 minutes, less a margin.
      deadline = Date.now() + 14 * 60_000;
      // Per job: the publish event carries the job's repository id (its chain's key).
      return runCheckJob(job, {
        ...services,
        onDefaultBranchResult: async (request) => {
          const outcome = await publishCommit(publishDeps, publishEventOf(request, job));
          options.onEvent?.({ kind: 'published', outcome });
        },
      });
    },
    settle: (job, attempts) => settleDeadJob(job, attempts, services),
    isRetryLater: (error) => (error instanceof RetryLaterError ? error.delaySeconds : null),
    concurrency: env.localWorkers,
    onEvent: (event) => {
      options.onEvent?.(event);
      if (options.logger) logWorkerEvent(options.logger, event);
    },
  });
  const deliveries = new DeliveryStore({ client: dynamo, tableName: env.resultsTable });
  // This process is its table's only worker: a claim to create a run that is still open
  // belongs to a process that died mid-job, and its job need not wait out the lease.
  await services.runs.expireCreatingClaims();
  await worker.start();
  return {
    dynamodbEndpoint,
    s3Endpoint,
    worker,
    results,
    keyId: publishDeps.signer.keyId,
    webhook: (request) =>
      handleDelivery(request, {
        secret: options.webhookSecret,
        deliveries,
        queue,
        ...(options.logger ? { log: (entry) => logEntry(options.logger!, entry) } : {}),
      }),
    readObject: async (key) => {
      const { GetObjectCommand, NoSuchKey } = await import('@aws-sdk/client-s3');
      try {
        const object = await s3.send(
          new GetObjectCommand({ Bucket: env.snapshotBucket, Key: key }),
        );
        return {
          body: await object.Body!.transformToByteArray(),
          contentType: object.ContentType ?? 'application/octet-stream',
        };
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async close() {
      await worker.stop();
      dynamo.destroy();
      s3.destroy();
      rmSync(enginesFile, { force: true });
      await Promise.all(engines.map((e) => e.close()));
    },
  };
}

function logWorkerEvent(logger: Logger, event: WorkerEvent): void {
  if (event.kind === 'queue-unavailable')
    return logger.warn('the job queue is unreachable', { error: event.error });
  const fields = jobFields(event.job);
  if (event.kind === 'done') logger.info('job done', fields);
  else if (event.kind === 'retry')
    logger.warn('job failed; retried', {
      ...fields,
      delaySeconds: event.delaySeconds,
      error: event.error,
    });
  else logger.error('job given up after its last attempt', { ...fields, error: event.error });
}

async function keep(engines: EmbeddedEngine[], starting: Promise<EmbeddedEngine>): Promise<string> {
  const engine = await starting;
  engines.push(engine);
  return engine.endpoint;
}
