import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { CheckJob } from '../../functions/jobs/check-job.js';
import { folderAsCommit } from '../../functions/local/demo-repository.js';
import {
  fakeSha,
  seededRandom,
  startFakeGitHub,
  type FakeGitHub,
} from '../../functions/local/github-stand-in/index.js';
import { listen } from '../../functions/local/http-server.js';
import { startLocalService, type LocalService } from '../../functions/local/local-service.js';
import { s3Client } from '../../functions/service/aws-clients.js';
import { readEnvironment } from '../../functions/service/environment.js';
import { createLogger } from '../../functions/service/log.js';
import { signBody } from '../../functions/webhook/verify-signature.js';
import { INSTALLATION_ID, pullRequestPayload, pushPayload } from '../flow/flow-harness.js';
import { example, exampleAction, SECRET } from '../webhook/webhook-examples.js';
import { startEngineProcess, type EngineProcess } from './engine-processes.js';

const OWNER = 'soak';
export const BUCKET = 'policy-checker-snapshots';
export const APP_ID = 4242;

export interface RepoRef {
  owner: string;
  name: string;
  id: number;
}

/**
 * The local server with its real handlers, over DynamoDB and S3 engines in processes of their
 * own (so a test can kill them), and the fake GitHub, which validates every request against
 * GitHub's API description. Deliveries go over HTTP to `POST /webhook`, signed as GitHub signs.
 */
export interface SoakWorld {
  github: FakeGitHub;
  dynamo: EngineProcess;
  s3: EngineProcess;
  service: LocalService;
  url: string;
  repos: RepoRef[];
  /** What the worker and the publisher reported, with the time they did. */
  events: WorldEvent[];
  /** Epoch ms at which each job's check finished, by `repo@sha`. */
  doneAt: Map<string, number>;
  secrets: { webhookSecret: string; appPrivateKey: string };
  /** The service's JSON log lines, as the Lambda functions would write them. */
  logs: string[];
  post(delivery: Delivery): Promise<{ status: number; ms: number }>;
  close(): Promise<void>;
}

export type WorldEvent =
  | { at: number; kind: 'done' | 'retry' | 'dead'; job: string; error?: string }
  | { at: number; kind: 'published'; status: string; sequence?: number }
  | { at: number; kind: 'queue-unavailable'; error: string };

export interface WorldOptions {
  repos: number;
  workers: number;
  /** Milliseconds in one second of GitHub's pacing and retry-after. */
  secondMs: number;
  requestTimeoutMs: number;
  /** Each log line as it is written. */
  onLog?: (line: string) => void;
}

export const jobKey = (repo: string, sha: string): string => `${repo}@${sha}`;

/** The fake GitHub with `count` repositories of the example policies, and the App's key. */
export async function startSoakGitHub(
  count: number,
): Promise<{ github: FakeGitHub; repos: RepoRef[]; appPrivateKey: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const appPrivateKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const github = await startFakeGitHub({
    appId: APP_ID,
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    installationIds: [INSTALLATION_ID],
    // Thousands of checks in a run: the hourly budget is not what is tested here.
    rateLimit: 10_000_000,
    // The soak checks flow, not the fake's own answers; validating them doubles its cost.
    validateResponses: false,
  });
  const repos: RepoRef[] = [];
  for (let i = 0; i < count; i++) {
    const repo = { owner: OWNER, name: `repo-${String(i).padStart(2, '0')}`, id: 1000 + i };
    github.addRepository({
      ...repo,
      commits: [{ sha: fakeSha(`${repo.name} root`), files: policyFiles(`${repo.name} root`) }],
    });
    repos.push(repo);
  }
  return { github, repos, appPrivateKey };
}

export async function startSoakWorld(options: WorldOptions): Promise<SoakWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'policy-checker-soak-'));
  const { github, repos, appPrivateKey } = await startSoakGitHub(options.repos);
  const [dynamo, s3] = await Promise.all([
    startEngineProcess('dynalite', join(dir, 'dynamodb')),
    startEngineProcess('s3rver', join(dir, 's3'), BUCKET),
  ]);
  const events: WorldEvent[] = [];
  const logs: string[] = [];
  const doneAt = new Map<string, number>();
  const ready: { service?: LocalService } = {};
  const { server, url } = await listen(() => ready.service, 0);
  const env = {
    ...readEnvironment({}),
    dataDir: join(dir, 'data'),
    dynamodbEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    githubApiUrl: github.url,
    localWorkers: options.workers,
  };
  const service = await startLocalService({
    env,
    credentials: { appId: String(APP_ID), privateKey: appPrivateKey },
    webhookSecret: SECRET,
    publicBaseUrl: url,
    secondMs: options.secondMs,
    requestTimeoutMs: options.requestTimeoutMs,
    logger: createLogger({
      level: 'debug',
      write: (line) => void (logs.push(line), options.onLog?.(line)),
    }),
    onEvent: (event) => {
      const at = Date.now();
      if (event.kind === 'published')
        events.push({
          at,
          kind: 'published',
          status: event.outcome.status,
          ...(event.outcome.status === 'published' ? { sequence: event.outcome.sequence } : {}),
        });
      else if (event.kind === 'queue-unavailable')
        events.push({ at, kind: event.kind, error: event.error });
      else {
        const job = describe(event.job);
        if (event.kind === 'done') doneAt.set(job, at);
        events.push({
          at,
          kind: event.kind,
          job,
          ...('error' in event ? { error: event.error } : {}),
        });
      }
    },
  });
  ready.service = service;
  return {
    github,
    dynamo,
    s3,
    service,
    url,
    repos,
    events,
    doneAt,
    secrets: { webhookSecret: SECRET, appPrivateKey },
    logs,
    post: (delivery) => postDelivery(url, delivery),
    async close() {
      await closeServer(server);
      await service.close();
      await github.close();
      await Promise.all([dynamo.kill(), s3.kill()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function describe(job: CheckJob): string {
  return jobKey(`${job.repo.owner}/${job.repo.name}`, job.sha);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** The example policies, one purpose changed so every commit's files differ. */
const examples = folderAsCommit('policies/examples').files;
export function policyFiles(revision: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(examples).map(([path, text]) => [
      path,
      text.replace('Encrypted off-site backups', `Encrypted off-site backups (${revision})`),
    ]),
  );
}

export interface Delivery {
  id: string;
  event: 'push' | 'pull_request';
  repo: RepoRef;
  sha: string;
  body: Buffer;
  signature: string;
  kind: 'new' | 'redelivery' | 'bad-signature';
}

/** Sends a delivery to a server's `POST /webhook` as GitHub does; its answer and how long it took. */
export async function postDelivery(
  url: string,
  delivery: Delivery,
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/soak',
      'x-github-event': delivery.event,
      'x-github-delivery': delivery.id,
      'x-hub-signature-256': delivery.signature,
    },
    body: delivery.body,
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/**
 * Deliveries as GitHub would send them for a stream of pushes (to the default branch and to
 * others) and pull requests across the repositories: each new delivery brings a new commit,
 * which `prepare` pushes to the fake GitHub just before it is sent. Redeliveries repeat an
 * earlier delivery byte for byte; bad signatures carry a commit no valid delivery names.
 */
export class DeliveryPlan {
  readonly #random: () => number;
  readonly #pushPayload = example('push');
  readonly #prPayload = exampleAction('pull_request', 'opened');
  readonly #valid: Delivery[] = [];
  readonly #prs = new Map<string, { number: number; branch: string; baseSha: string }[]>();
  #count = 0;

  constructor(
    private readonly world: Pick<SoakWorld, 'github' | 'repos'>,
    private readonly options: { redeliveryRate: number; badSignatureRate: number; seed: number },
  ) {
    this.#random = seededRandom(options.seed);
  }

  /** The next delivery; call `prepare` on it before sending it. */
  next(): Delivery {
    const r = this.#random();
    if (r < this.options.badSignatureRate) return this.#fresh('bad-signature');
    if (r < this.options.badSignatureRate + this.options.redeliveryRate && this.#valid.length > 0)
      return {
        ...this.#valid[Math.floor(this.#random() * this.#valid.length)]!,
        kind: 'redelivery',
      };
    const delivery = this.#fresh('new');
    this.#valid.push(delivery);
    return delivery;
  }

  #fresh(kind: 'new' | 'bad-signature'): Delivery {
    const n = this.#count++;
    const repo = this.world.repos[Math.floor(this.#random() * this.world.repos.length)]!;
    const full = `${repo.owner}/${repo.name}`;
    const sha = fakeSha(`soak ${this.options.seed} ${n}`);
    const files = policyFiles(`delivery ${n}`);
    const id = `${this.options.seed.toString(16)}-${String(n).padStart(8, '0')}-soak`;
    const r = this.#random();
    let event: Delivery['event'];
    let payload: Record<string, unknown>;
    const main = this.#head(repo, 'main');
    if (r < 0.45) {
      this.world.github.pushCommit(repo.owner, repo.name, { sha, files }, 'main');
      event = 'push';
      payload = pushPayload(this.#pushPayload, repo, sha, main);
    } else if (r < 0.6) {
      const branch = `topic-${n % 7}`;
      const before = this.#head(repo, branch) ?? main;
      this.world.github.pushCommit(repo.owner, repo.name, { sha, files }, branch);
      event = 'push';
      payload = pushPayload(this.#pushPayload, repo, sha, before);
      payload.ref = `refs/heads/${branch}`;
    } else {
      const open = this.#prs.get(full) ?? [];
      const existing = open.length > 0 && this.#random() < 0.5;
      const pr = existing
        ? open[Math.floor(this.#random() * open.length)]!
        : { number: open.length + 1, branch: `pr-${open.length + 1}`, baseSha: main! };
      if (!existing) this.#prs.set(full, [...open, pr]);
      this.world.github.pushCommit(
        repo.owner,
        repo.name,
        { sha, files, ...(existing ? {} : { parents: [pr.baseSha] }) },
        pr.branch,
      );
      event = 'pull_request';
      payload = pullRequestPayload(
        this.#prPayload,
        repo,
        existing ? 'synchronize' : 'opened',
        pr.number,
        sha,
        pr.baseSha,
      );
    }
    const body = Buffer.from(JSON.stringify(payload));
    const signature =
      kind === 'bad-signature' ? signBody(`${SECRET} but not quite`, body) : signBody(SECRET, body);
    return { id, event, repo, sha, body, signature, kind };
  }

  #head(repo: RepoRef, branch: string): string | undefined {
    const found = this.world.github.branchHead(repo.owner, repo.name, branch);
    return found ?? undefined;
  }
}

/** What the stores and GitHub hold after a run, against what the deliveries asked for. */
export interface Audit {
  /** Valid unique deliveries. */
  expected: number;
  /** Of them, with no completed run, or no stored result and no dead-letter verdict. */
  lost: number;
  /** Commits with more than one check run, or a run nobody asked for. */
  doubled: number;
  /** Runs not completed. */
  spinning: number;
  /** Repositories whose snapshot chain has a gap, a wrong link or a dangling latest.json. */
  forked: number;
  /** Bad-signature deliveries that produced a run or a result. */
  letIn: number;
  /** Jobs given up after their last attempt (their runs completed with the reason). */
  deadLettered: number;
  snapshots: number;
  problems: string[];
}

/** What an audit reads: GitHub's runs, the stored results and the published snapshots. */
export interface AuditTarget {
  github: Pick<FakeGitHub, 'checkRuns'>;
  results: Pick<LocalService['results'], 'getResult'>;
  s3Endpoint: string;
  repos: RepoRef[];
  /** Jobs given up after their last attempt (`repo@sha`). */
  dead: Set<string>;
}

export function worldAuditTarget(world: SoakWorld): AuditTarget {
  return {
    github: world.github,
    results: world.service.results,
    s3Endpoint: world.s3.endpoint,
    repos: world.repos,
    dead: new Set(world.events.flatMap((e) => (e.kind === 'dead' ? [e.job] : []))),
  };
}

export async function audit(world: AuditTarget, deliveries: Delivery[]): Promise<Audit> {
  const problems: string[] = [];
  const runsBySha = new Map<string, number[]>();
  for (const run of world.github.checkRuns.values())
    runsBySha.set(run.head_sha, [...(runsBySha.get(run.head_sha) ?? []), run.id]);
  const dead = world.dead;
  const unique = new Map<string, Delivery>();
  const bad: Delivery[] = [];
  for (const d of deliveries)
    if (d.kind === 'bad-signature') bad.push(d);
    else unique.set(d.id, d);
  let lost = 0;
  let doubled = 0;
  for (const d of unique.values()) {
    const full = `${d.repo.owner}/${d.repo.name}`;
    const runs = runsBySha.get(d.sha) ?? [];
    const result = await world.results.getResult(full, d.sha);
    const completed = runs.some((id) => world.github.checkRuns.get(id)!.status === 'completed');
    if (!completed || (!result && !dead.has(jobKey(full, d.sha)))) {
      lost++;
      problems.push(`lost: ${d.id} ${full}@${d.sha.slice(0, 7)} (${runs.length} runs)`);
    }
    if (runs.length > 1) {
      doubled++;
      problems.push(`doubled: ${full}@${d.sha.slice(0, 7)} has ${runs.length} runs`);
    }
  }
  const asked = new Set([...unique.values()].map((d) => d.sha));
  for (const [sha, runs] of runsBySha)
    if (!asked.has(sha) && !bad.some((d) => d.sha === sha)) {
      doubled += runs.length;
      problems.push(`a run nobody asked for: ${sha}`);
    }
  let letIn = 0;
  for (const d of bad) {
    const result = await world.results.getResult(`${d.repo.owner}/${d.repo.name}`, d.sha);
    if ((runsBySha.get(d.sha) ?? []).length > 0 || result) {
      letIn++;
      problems.push(`bad signature let in: ${d.id}`);
    }
  }
  const spinning = [...world.github.checkRuns.values()].filter((r) => r.status !== 'completed');
  for (const run of spinning) problems.push(`spinning: run ${run.id} ${run.repo}@${run.head_sha}`);
  const s3 = s3Client(world.s3Endpoint);
  let forked = 0;
  let snapshots = 0;
  try {
    for (const repo of world.repos) {
      const chain = await checkChain(s3, `snapshots/${repo.owner}/${repo.name}/`);
      snapshots += chain.count;
      if (chain.problem) {
        forked++;
        problems.push(`${repo.owner}/${repo.name}: ${chain.problem}`);
      }
    }
  } finally {
    s3.destroy();
  }
  return {
    expected: unique.size,
    lost,
    doubled,
    spinning: spinning.length,
    forked,
    letIn,
    deadLettered: dead.size,
    snapshots,
    problems,
  };
}

/**
 * A repository's published chain: snapshots 1..n with no gap, each naming the SHA-256 of the
 * one before, and latest.json pointing at the last, whose bytes it hashes.
 */
async function checkChain(
  s3: S3Client,
  prefix: string,
): Promise<{ count: number; problem: string | null }> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  const sequences = keys
    .map((k) => /^(\d+)\.json$/.exec(k.slice(prefix.length))?.[1])
    .filter((s): s is string => s !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const hasLatest = keys.includes(`${prefix}latest.json`);
  if (sequences.length === 0)
    return { count: 0, problem: hasLatest ? 'latest.json with no snapshot' : null };
  const read = async (key: string): Promise<Buffer> => {
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  };
  let previous: string | null = null;
  for (let i = 0; i < sequences.length; i++) {
    if (sequences[i] !== i + 1)
      return { count: sequences.length, problem: `gap: snapshot ${i + 1} is missing` };
    const bytes = await read(`${prefix}${i + 1}.json`);
    const snapshot = JSON.parse(bytes.toString('utf8')) as {
      sequence: number;
      previousSha256: string | null;
    };
    if (snapshot.sequence !== i + 1 || snapshot.previousSha256 !== previous)
      return { count: sequences.length, problem: `fork: snapshot ${i + 1} links wrongly` };
    if (!keys.includes(`${prefix}${i + 1}.json.sig`))
      return { count: sequences.length, problem: `snapshot ${i + 1} has no signature` };
    previous = createHash('sha256').update(bytes).digest('hex');
  }
  if (!hasLatest) return { count: sequences.length, problem: 'no latest.json' };
  const latest = JSON.parse((await read(`${prefix}latest.json`)).toString('utf8')) as {
    sequence: number;
    sha256: string;
  };
  if (latest.sequence !== sequences.length || latest.sha256 !== previous)
    return {
      count: sequences.length,
      problem: `latest.json points at ${latest.sequence}, the chain ends at ${sequences.length}`,
    };
  return { count: sequences.length, problem: null };
}

/** Quantile of already-sorted numbers. */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
