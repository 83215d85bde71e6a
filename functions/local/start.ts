import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { appCredentials } from '../service/app-credentials.js';
import { readEnvironment } from '../service/environment.js';
import { signBody } from '../webhook/verify-signature.js';
import type { GitHubAppCredentials } from '../github/octokit.js';
import { startGitHubStandIn, type GitHubStandIn } from './github-stand-in/index.js';
import { checkRunText } from './check-run-text.js';
import { folderAsCommit } from './demo-repository.js';
import { listen } from './http-server.js';
import { startLocalService, type LocalService } from './local-service.js';

const USAGE = `Usage: npm start [-- [--serve] [--folder DIR]]

Runs policy-checker's whole service on this machine: the webhook, a durable job queue, the
check function and the snapshot publisher, over embedded DynamoDB and S3 engines (dynalite,
s3rver) kept under POLICY_CHECKER_DATA_DIR (default .policy-checker/).

With a GitHub App configured (GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY, GITHUB_WEBHOOK_SECRET)
it serves POST /webhook on PORT (default 3000) until stopped: point the App's webhook at it
through a tunnel, or replay a saved delivery (see README).

Without one, it runs the main job once on the embedded defaults: a GitHub stand-in serves
--folder (default policies/examples) as the repository local/<name>, a signed push delivery
goes to POST /webhook, the check runs, its result is stored and the snapshot is published and
signed with the local key. --serve keeps the server running afterwards.
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      serve: { type: 'boolean', default: false },
      folder: { type: 'string', default: 'policies/examples' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const env = readEnvironment(process.env);
  const demo = env.githubAppId === null;
  let standIn: GitHubStandIn | undefined;
  let credentials: GitHubAppCredentials;
  let secret: string;
  if (demo) {
    const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    standIn = await startGitHubStandIn({
      appId: 1,
      appPublicKeyPem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    credentials = {
      appId: '1',
      privateKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
    secret = randomBytes(20).toString('hex');
    env.githubApiUrl = standIn.url;
  } else {
    credentials = await appCredentials(env, () =>
      Promise.reject(new Error('set GITHUB_APP_PRIVATE_KEY locally; *_SECRET_ARN is for AWS')),
    );
    if (!env.githubWebhookSecret)
      throw new Error('GITHUB_WEBHOOK_SECRET is not set: set it to the App’s webhook secret');
    secret = env.githubWebhookSecret;
  }
  // The server listens first so the service knows its URL; it answers 503 until the service is ready.
  const ready: { service?: LocalService } = {};
  const { server, url } = await listen(() => ready.service, env.port);
  const publicBaseUrl = env.publicBaseUrl ?? url;
  const service = await startLocalService({
    env,
    credentials,
    webhookSecret: secret,
    publicBaseUrl,
    onEvent: (event) => {
      if (event.kind === 'published')
        log(
          event.outcome.status === 'published'
            ? `snapshot ${event.outcome.sequence} published: ${event.outcome.url}`
            : `snapshot not published: ${event.outcome.message}`,
        );
      else if (event.kind === 'done') log(`job ${describe(event.job)} done`);
      else if (event.kind === 'retry')
        log(`job ${describe(event.job)} failed (${event.error}); retry in ${event.delaySeconds} s`);
      else if (event.kind === 'dead')
        log(`job ${describe(event.job)} given up after retries: ${event.error}`);
      else log(`the job queue is unreachable (${event.error}); trying again`);
    },
  });
  ready.service = service;
  log(`listening on ${url} (POST /webhook, GET /healthz, GET /snapshots/…)`);
  const stop = async (): Promise<void> => {
    server.close();
    await service.close();
    await standIn?.close();
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  if (!demo) return new Promise<number>(() => {});
  const ok = await runDemo(service, standIn!, url, secret, values.folder!);
  if (values.serve) return new Promise<number>(() => {});
  await stop();
  return ok ? 0 : 1;
}

/** The main job on the embedded defaults: one push of a folder through the whole flow. */
async function runDemo(
  service: LocalService,
  standIn: GitHubStandIn,
  url: string,
  secret: string,
  folder: string,
): Promise<boolean> {
  const commit = folderAsCommit(folder);
  standIn.addRepository({
    owner: commit.owner,
    name: commit.name,
    id: 1,
    commits: [{ sha: commit.sha, files: commit.files }],
  });
  const payload = {
    ref: 'refs/heads/main',
    before: '0'.repeat(40),
    after: commit.sha,
    deleted: false,
    repository: {
      id: 1,
      name: commit.name,
      full_name: `${commit.owner}/${commit.name}`,
      owner: { login: commit.owner },
      default_branch: 'main',
    },
    installation: { id: 1 },
    head_commit: { id: commit.sha },
  };
  const body = Buffer.from(JSON.stringify(payload));
  const response = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signBody(secret, body),
    },
    body,
  });
  log(
    `push of ${folder} as ${commit.owner}/${commit.name}@${commit.sha.slice(0, 7)}: webhook answered ${response.status}`,
  );
  await service.worker.idle();
  const run = [...standIn.checkRuns.values()].find((r) => r.head_sha === commit.sha);
  const result = await service.results.getResult(`${commit.owner}/${commit.name}`, commit.sha);
  if (!result) {
    log('the check did not complete; see the messages above');
    return false;
  }
  if (run) {
    const width = process.stdout.isTTY ? process.stdout.columns : undefined;
    process.stdout.write(`\n${checkRunText(run, width)}\n`);
  } else {
    // One verdict per commit: the same files were checked by an earlier run of this data dir.
    const { errors, warnings, notices } = result.counts;
    process.stdout.write(
      `\nThis commit was checked at ${result.timings.completedAt}: ${result.conclusion}, ${errors} errors, ${warnings} warnings, ${notices} notices, ${result.thirdParties.length} third parties.\n\n`,
    );
  }
  log(`result stored: policy-check history ${commit.owner}/${commit.name}`);
  const latest = await service.readObject(`snapshots/${commit.owner}/${commit.name}/latest.json`);
  if (!latest) {
    log('no snapshot was published');
    return false;
  }
  const pointer = JSON.parse(Buffer.from(latest.body).toString('utf8')) as { url: string };
  // The URL answers only while the server runs: with --serve, or in another `npm start -- --serve`.
  log(
    `verify it (while npm start -- --serve runs): npx policy-check verify ${pointer.url} --fingerprint ${service.keyId}`,
  );
  return true;
}

function describe(job: { repo: { owner: string; name: string }; sha: string }): string {
  return `${job.repo.owner}/${job.repo.name}@${job.sha.slice(0, 7)}`;
}

function log(message: string): void {
  process.stderr.write(`policy-checker: ${message}\n`);
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `policy-checker: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
