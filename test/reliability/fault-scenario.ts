import type { InjectedResponse } from '../../functions/local/github-stand-in/index.js';
import { runLoad, type LoadFigures } from './load-scenario.js';
import type { SoakWorld } from './soak-world.js';

export interface FaultOptions {
  deliveries: number;
  concurrency: number;
  seed: number;
  /** Share of GitHub requests answered with a fault. */
  githubFaultRate: number;
  /** How long DynamoDB and S3 each stay down. */
  outageMs: number;
  /** The client's time limit per GitHub request: a hang lasts longer. */
  requestTimeoutMs: number;
}

export interface FaultFigures extends LoadFigures {
  /** Faults the fake GitHub injected, by kind. */
  githubFaults: Record<string, number>;
  dynamodbOutages: number;
  s3Outages: number;
  /** Job attempts that failed and were retried. */
  retries: number;
  /** Times a worker found its queue (DynamoDB) unreachable and waited. */
  queueUnavailable: number;
}

/**
 * The load with faults: GitHub answers a share of requests with 500s, 502s, rate limits (429
 * and 403 secondary, with retry-after), hangs past the client's time limit and connection
 * resets; DynamoDB is killed a third of the way in and S3 two thirds of the way, each for
 * `outageMs`, while checks and publishes are running.
 */
export async function runFaults(world: SoakWorld, options: FaultOptions): Promise<FaultFigures> {
  const responses: InjectedResponse[] = [
    { status: 500 },
    { status: 502 },
    { status: 429, headers: { 'retry-after': '1' } },
    {
      status: 403,
      headers: { 'retry-after': '1' },
      body: {
        message: 'You have exceeded a secondary rate limit. Please wait a few minutes.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      },
    },
    { hangMs: options.requestTimeoutMs + 500 },
    { reset: true },
  ];
  world.github.chaos({ rate: options.githubFaultRate, seed: options.seed, responses });
  let dynamodbOutages = 0;
  let s3Outages = 0;
  const outage = async (engine: SoakWorld['dynamo']): Promise<void> => {
    await engine.kill();
    await new Promise((resolve) => setTimeout(resolve, options.outageMs));
    await engine.start();
  };
  const dynamoAt = Math.floor(options.deliveries / 3);
  const s3At = Math.floor((2 * options.deliveries) / 3);
  const outages: Promise<void>[] = [];
  const figures = await runLoad(
    world,
    {
      deliveries: options.deliveries,
      concurrency: options.concurrency,
      redeliveryRate: 0.2,
      badSignatureRate: 0.05,
      seed: options.seed,
    },
    async (sent) => {
      // Senders run side by side: `sent` may pass a mark without landing on it.
      if (sent >= dynamoAt && dynamodbOutages === 0) {
        dynamodbOutages++;
        outages.push(outage(world.dynamo));
      }
      if (sent >= s3At && s3Outages === 0) {
        s3Outages++;
        outages.push(outage(world.s3));
      }
    },
    // GitHub keeps failing while the queue drains: retries and the dead-letter consumer too
    // must get through it.
    () => Promise.all(outages).then(() => undefined),
  );
  world.github.chaos({ rate: 0, seed: 0, responses: [] });
  const githubFaults: Record<string, number> = {};
  for (const fault of world.github.faultsInjected)
    githubFaults[fault.kind] = (githubFaults[fault.kind] ?? 0) + 1;
  const retries = world.events.filter((e) => e.kind === 'retry');
  return {
    ...figures,
    githubFaults,
    dynamodbOutages,
    s3Outages,
    retries: retries.length,
    queueUnavailable: world.events.filter((e) => e.kind === 'queue-unavailable').length,
  };
}
