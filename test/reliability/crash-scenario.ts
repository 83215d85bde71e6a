import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient, s3Client } from '../../functions/service/aws-clients.js';
import { LOCAL_RESULTS_TABLE } from '../../functions/service/environment.js';
import { createResultsStore } from '../../functions/store/results.js';
import { seededRandom } from '../../functions/local/github-stand-in/index.js';
import { SECRET } from '../webhook/webhook-examples.js';
import {
  APP_ID,
  audit,
  BUCKET,
  DeliveryPlan,
  postDelivery,
  startSoakGitHub,
  type Audit,
  type Delivery,
} from './soak-world.js';

export interface CrashOptions {
  deliveries: number;
  /** SIGKILLs of the server, each mid-check. */
  kills: number;
  repos: number;
  seed: number;
  /** Each kill waits a seeded random 0..this many ms after a run is seen in progress. */
  killJitterMs?: number;
}

export interface CrashFigures extends Audit {
  deliveries: number;
  /** Deliveries answered 202 before a kill whose check had not finished then. */
  acceptedBeforeKill: number;
  /** Runs in progress at the moment of each kill, summed. */
  inProgressAtKill: number;
  kills: number;
  /** From each restart until every accepted check was done. */
  recoverySeconds: number;
  /** Every line the server processes wrote (scanned for secrets by the soak). */
  logs: string[];
  /** The secrets the server held: its webhook secret, the App's key, the tokens issued. */
  secrets: string[];
}

/** The server's process, and the clients of its engines (found in the data folder's engines.json). */
interface RunningServer {
  child: ChildProcess;
  url: string;
  s3Endpoint: string;
  results: ReturnType<typeof createResultsStore>;
  /** Jobs still in the server's queue: a job killed mid-publish comes back to publish. */
  queuedJobs(): Promise<number>;
  /** Closes the clients, then ends the process with `signal`. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The real local server (`functions/local/start.ts`, as `npm start` runs it with a GitHub App
 * configured) in a child process, killed with SIGKILL while checks run, restarted on the same
 * data folder: every delivery it answered 202 must still be checked, once.
 */
export async function runCrash(options: CrashOptions): Promise<CrashFigures> {
  const { github, repos, appPrivateKey } = await startSoakGitHub(options.repos);
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-checker-crash-'));
  const logs: string[] = [];
  let server: RunningServer | null = null;
  const startServer = async (): Promise<RunningServer> => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/start.ts'], {
      env: {
        ...process.env,
        GITHUB_APP_ID: String(APP_ID),
        GITHUB_APP_PRIVATE_KEY: appPrivateKey,
        GITHUB_WEBHOOK_SECRET: SECRET,
        GITHUB_API_URL: github.url,
        POLICY_CHECKER_DATA_DIR: dataDir,
        POLICY_CHECKER_WORKERS: '4',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => logs.push(line));
    const errors = createInterface({ input: child.stderr! });
    errors.on('line', (line) => logs.push(line));
    const url = await new Promise<string>((resolve, reject) => {
      errors.on('line', (line) => {
        const found = /listening on (http:\/\/\S+)/.exec(line);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the server exited with ${String(code)}`)));
    });
    // The server's engines, from the file it writes for other local commands: read once per start.
    const engines = JSON.parse(readFileSync(join(dataDir, 'engines.json'), 'utf8')) as {
      dynamodbEndpoint: string;
      s3Endpoint: string;
    };
    const dynamo = dynamoClient(engines.dynamodbEndpoint);
    const s3 = s3Client(engines.s3Endpoint);
    return {
      child,
      url,
      s3Endpoint: engines.s3Endpoint,
      results: createResultsStore({ dynamo, table: LOCAL_RESULTS_TABLE, s3, bucket: BUCKET }),
      async queuedJobs() {
        const { Count } = await dynamo.send(
          new ScanCommand({
            TableName: LOCAL_RESULTS_TABLE,
            FilterExpression: 'begins_with(pk, :job)',
            ExpressionAttributeValues: { ':job': { S: 'LOCALJOB#' } },
            ConsistentRead: true,
            Select: 'COUNT',
          }),
        );
        return Count ?? 0;
      },
      async stop(signal) {
        dynamo.destroy();
        s3.destroy();
        const exited = once(child, 'exit');
        child.kill(signal);
        await exited;
      },
    };
  };

  const plan = new DeliveryPlan(
    { github, repos },
    { redeliveryRate: 0.2, badSignatureRate: 0.05, seed: options.seed },
  );
  const jitter = seededRandom(options.seed + 7);
  const sent: Delivery[] = [];
  let acceptedBeforeKill = 0;
  let inProgressAtKill = 0;
  let recoveryMs = 0;
  const accepted = new Set<Delivery>();
  const allChecked = async (): Promise<boolean> => {
    const store = server!.results;
    for (const d of accepted) {
      if (d.kind !== 'new') continue;
      if (!(await store.getResult(`${d.repo.owner}/${d.repo.name}`, d.sha))) return false;
    }
    if (![...github.checkRuns.values()].every((run) => run.status === 'completed')) return false;
    // A stored verdict whose job was killed mid-publish is done only once the job, back from
    // its lease, has published: until then its chain is half written.
    return (await server!.queuedJobs()) === 0;
  };

  try {
    server = await startServer();
    const perRound = Math.ceil(options.deliveries / (options.kills + 1));
    for (let round = 0; round <= options.kills; round++) {
      const batch = Array.from(
        { length: Math.min(perRound, options.deliveries - sent.length) },
        () => plan.next(),
      );
      for (const delivery of batch) {
        sent.push(delivery);
        if ((await postDelivery(server.url, delivery)).status === 202) accepted.add(delivery);
      }
      if (round === options.kills) break;
      // Kill while checks run: once a run is in progress and work is still queued.
      const deadline = Date.now() + 60_000;
      while (
        Date.now() < deadline &&
        ![...github.checkRuns.values()].some((run) => run.status === 'in_progress')
      )
        await new Promise((resolve) => setTimeout(resolve, 20));
      if (options.killJitterMs)
        await new Promise((resolve) => setTimeout(resolve, jitter() * options.killJitterMs!));
      inProgressAtKill += [...github.checkRuns.values()].filter(
        (r) => r.status === 'in_progress',
      ).length;
      acceptedBeforeKill += [...accepted].filter((d) => d.kind === 'new').length;
      await server.stop('SIGKILL');
      const restarted = Date.now();
      server = await startServer();
      while (!(await allChecked())) await new Promise((resolve) => setTimeout(resolve, 250));
      recoveryMs += Date.now() - restarted;
    }
    const waitUntil = Date.now() + 300_000;
    while (!(await allChecked()) && Date.now() < waitUntil)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const figures = await audit(
      { github, results: server.results, s3Endpoint: server.s3Endpoint, repos, dead: new Set() },
      sent,
    );
    return {
      ...figures,
      deliveries: sent.length,
      acceptedBeforeKill,
      inProgressAtKill,
      kills: options.kills,
      recoverySeconds: recoveryMs / 1000,
      logs,
      secrets: [SECRET, appPrivateKey, ...github.issuedTokens()],
    };
  } finally {
    await server?.stop('SIGTERM');
    await github.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
