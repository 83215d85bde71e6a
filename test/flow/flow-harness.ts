import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  runCheckJob,
  type DefaultBranchResult,
  type JobOutcome,
} from '../../functions/checks/run-check-job.js';
import type { CheckJob } from '../../functions/jobs/check-job.js';
import { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { checkServices } from '../../functions/service/check-services.js';
import { DeliveryStore } from '../../functions/store/deliveries.js';
import { createResultsStore } from '../../functions/store/results.js';
import { createCheckRunStore } from '../../functions/store/check-runs.js';
import { handleDelivery, type WebhookResponse } from '../../functions/webhook/handle-delivery.js';
import { startFakeGitHub, type FakeGitHub } from '../../functions/local/github-stand-in/index.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { SECRET, signedRequest, type Payload } from '../webhook/webhook-examples.js';

export const APP_ID = 4242;
export const INSTALLATION_ID = 77;

/** A seed document, as a test's repository content. */
export function seed(name: string): string {
  return readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url), 'utf8');
}

/**
 * The whole GitHub flow in one process, against real engines: deliveries signed as GitHub
 * signs them go through the webhook service into the local queue; `drain` runs the queued
 * jobs through the check service, which talks to the fake GitHub over HTTP.
 */
export interface Flow {
  github: FakeGitHub;
  engines: LocalEngines;
  table: string;
  published: DefaultBranchResult[];
  /** Publishes to fail before the next one succeeds. */
  failPublishes: number;
  deliver(event: string, payload: Payload, deliveryId?: string): Promise<WebhookResponse>;
  drain(): Promise<(JobOutcome | Error)[]>;
  runJob(job: CheckJob): Promise<JobOutcome>;
  services: ReturnType<typeof checkServices>;
  results: ReturnType<typeof createResultsStore>;
  runs: ReturnType<typeof createCheckRunStore>;
  close(): Promise<void>;
}

export async function startFlow(
  options: { now?: Date; requestTimeoutMs?: number } = {},
): Promise<Flow> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const github = await startFakeGitHub({
    appId: APP_ID,
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    installationIds: [INSTALLATION_ID],
  });
  const engines = await startLocalEngines();
  const table = await engines.newTable();
  const deliveries = new DeliveryStore({ client: engines.dynamo, tableName: table });
  const queue = new LocalJobQueue({ client: engines.dynamo, tableName: table });
  const published: DefaultBranchResult[] = [];
  const services = checkServices({
    dynamo: engines.dynamo,
    s3: engines.s3,
    table,
    bucket: engines.bucket,
    githubApiUrl: github.url,
    credentials: {
      appId: String(APP_ID),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    deadline: () => Date.now() + 60_000,
    publish: async (request) => {
      if (flow.failPublishes > 0) {
        flow.failPublishes -= 1;
        throw new Error('the publish queue is unavailable');
      }
      published.push(request);
    },
    // A second of waiting (retry-after, write spacing) is a millisecond here.
    secondMs: 1,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    ...(options.now ? { now: () => options.now! } : {}),
  });
  const runJob = (job: CheckJob): Promise<JobOutcome> => runCheckJob(job, services);
  const flow: Flow = {
    failPublishes: 0,
    github,
    engines,
    table,
    published,
    results: createResultsStore({
      dynamo: engines.dynamo,
      table,
      s3: engines.s3,
      bucket: engines.bucket,
    }),
    runs: createCheckRunStore({ dynamo: engines.dynamo, table }),
    runJob,
    services,
    deliver: (event, payload, deliveryId) =>
      handleDelivery(signedRequest(event, payload, deliveryId ? { deliveryId } : {}), {
        secret: SECRET,
        deliveries,
        queue,
      }),
    async drain() {
      const outcomes: (JobOutcome | Error)[] = [];
      for (let claimed = await queue.claimNext(); claimed; claimed = await queue.claimNext()) {
        try {
          outcomes.push(await runJob(claimed.job));
        } catch (error) {
          outcomes.push(error as Error);
        }
        await queue.complete(claimed.receipt);
      }
      return outcomes;
    },
    async close() {
      await github.close();
      await engines.close();
    },
  };
  return flow;
}

/** A push to `main` of `sha`, shaped from GitHub's own example payload. */
export function pushPayload(
  base: Payload,
  repo: { owner: string; name: string; id: number },
  sha: string,
  before = '0'.repeat(40),
): Payload {
  const payload = structuredClone(base);
  payload.ref = 'refs/heads/main';
  payload.before = before;
  payload.after = sha;
  payload.deleted = false;
  payload.repository.name = repo.name;
  payload.repository.full_name = `${repo.owner}/${repo.name}`;
  payload.repository.id = repo.id;
  payload.repository.owner.login = repo.owner;
  payload.repository.owner.name = repo.owner;
  payload.repository.default_branch = 'main';
  payload.repository.master_branch = 'main';
  payload.installation = { id: INSTALLATION_ID, node_id: 'x' };
  payload.head_commit = { ...(payload.head_commit ?? {}), id: sha };
  return payload;
}

/** A pull request event for `head` onto `base`, shaped from GitHub's example payload. */
export function pullRequestPayload(
  base: Payload,
  repo: { owner: string; name: string; id: number },
  action: string,
  number: number,
  head: string,
  baseSha: string,
): Payload {
  const payload = structuredClone(base);
  payload.action = action;
  payload.number = number;
  for (const r of [
    payload.repository,
    payload.pull_request.base.repo,
    payload.pull_request.head.repo,
  ]) {
    r.name = repo.name;
    r.full_name = `${repo.owner}/${repo.name}`;
    r.id = repo.id;
    r.owner.login = repo.owner;
    r.default_branch = 'main';
  }
  payload.pull_request.number = number;
  payload.pull_request.head.sha = head;
  payload.pull_request.head.ref = 'change';
  payload.pull_request.base.sha = baseSha;
  payload.pull_request.base.ref = 'main';
  payload.installation = { id: INSTALLATION_ID, node_id: 'x' };
  return payload;
}

/** A check job for a push of `sha` to `ref` (the default branch `main` unless given). */
export function pushJob(
  repo: { owner: string; name: string; id: number },
  sha: string,
  ref = 'refs/heads/main',
): CheckJob {
  return {
    v: 1,
    deliveryId: `d-${sha.slice(0, 8)}`,
    trigger: 'push',
    repo,
    installationId: INSTALLATION_ID,
    sha,
    ref,
    pr: null,
    defaultBranch: 'main',
    rerun: false,
  };
}
