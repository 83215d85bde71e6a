import { buildAliasIndex } from '../engine/index.js';
import { loadRulePack } from '../rule-pack/load-rule-pack.js';
import { dynamoClient, s3Client } from '../service/aws-clients.js';
import { readEnvironment, type ServiceEnvironment } from '../service/environment.js';
import { createLogger, jobFields } from '../service/log.js';
import { cachedAppCredentials } from '../service/app-credentials.js';
import { secretFromExtension } from '../service/secrets.js';
import { createInstallationClient } from '../github/octokit.js';
import { defaultBranchHead } from '../github/default-branch-head.js';
import { chooseSigner } from '../snapshot/choose-signer.js';
import {
  parsePublishEvent,
  publishCommit,
  type PublishCommitDeps,
} from '../snapshot/publish-commit.js';
import type { PublishOutcome } from '../snapshot/publish-snapshot.js';
import { createResultsStore } from '../store/results.js';
import type { BatchResult } from '../checks/consume-jobs.js';
import type { SqsEvent } from './lambda-events.js';

/** Clients and the signer, built once per Lambda instance. */
async function build(): Promise<PublishCommitDeps> {
  const env = readEnvironment(process.env);
  const clients = {
    dynamo: dynamoClient(env.dynamodbEndpoint ?? undefined),
    s3: s3Client(env.s3Endpoint ?? undefined),
  };
  const where = { table: env.resultsTable, bucket: env.snapshotBucket };
  const results = createResultsStore({ ...clients, ...where });
  return {
    ...clients,
    ...where,
    signer: await chooseSigner(env),
    previousSigner: env.previousSigningKey
      ? await chooseSigner({ ...env, signingKey: env.previousSigningKey })
      : null,
    baseUrl: env.publicBaseUrl ?? `http://localhost:${env.port}`,
    aliasIndex: buildAliasIndex(loadRulePack().aliases),
    getResult: (repo, sha) => results.getResult(repo, sha),
    ...(env.githubAppId ? { currentHead: headReader(env) } : {}),
  };
}

/** Asks GitHub for the default branch's head at publish time (when the App's key is given). */
function headReader(
  env: ServiceEnvironment,
): (repo: string, installationId: number) => Promise<string | null> {
  const credentials = cachedAppCredentials(env, secretFromExtension);
  return async (repo, installationId) => {
    const [owner = '', name = ''] = repo.split('/');
    const octokit = createInstallationClient({
      baseUrl: env.githubApiUrl,
      credentials: await credentials(),
      installationId,
      deadline: () => Date.now() + 60_000,
    });
    return (await defaultBranchHead(octokit, owner, name))?.sha ?? null;
  };
}
let deps: Promise<PublishCommitDeps> | undefined;
const log = createLogger();

/** What a publish message's log lines carry: the commit, and the delivery when the check sent it. */
function messageFields(body: unknown): Parameters<typeof jobFields>[0] {
  const b = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return { deliveryId: text(b.deliveryId), repo: text(b.repo), sha: text(b.sha) };
}

/** Publishes the snapshot of a completed default-branch check: `{ repo, sha, headSha?, onFailure? }`. */
function dependencies(): Promise<PublishCommitDeps> {
  deps ??= build().catch((error: unknown) => ((deps = undefined), Promise.reject(error)));
  return deps;
}

function isQueueEvent(event: unknown): event is SqsEvent {
  return Array.isArray((event as { Records?: unknown } | null)?.Records);
}

/**
 * Publishes the snapshot of a completed default-branch check: invoked with
 * `{ repo, sha, headSha?, onFailure? }`, or with an SQS batch of them (the check function's
 * publish queue), whose failures are reported one by one so SQS retries only those and then
 * dead-letters them. A refusal (not the head, held back) is an answer, not a failure.
 */
export async function handler(event: SqsEvent): Promise<BatchResult>;
export async function handler(event: unknown): Promise<PublishOutcome>;
export async function handler(event: unknown): Promise<PublishOutcome | BatchResult> {
  if (!isQueueEvent(event)) {
    const request = parsePublishEvent(event); // a malformed event fails before any client is built
    return publishCommit(await dependencies(), request);
  }
  const batchItemFailures: BatchResult['batchItemFailures'] = [];
  for (const record of event.Records) {
    let recordLog = log.child({ messageId: record.messageId });
    try {
      const body: unknown = JSON.parse(record.body);
      recordLog = recordLog.child(jobFields(messageFields(body)));
      const outcome = await publishCommit(await dependencies(), parsePublishEvent(body));
      recordLog.info('publish', { outcome });
    } catch (error) {
      recordLog.error('publish failed', { error: String(error) });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
