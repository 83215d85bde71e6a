import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSecrets } from '../../functions/service/secret-scan.js';
import { runCrash } from './crash-scenario.js';
import { runFaults } from './fault-scenario.js';
import { runLoad } from './load-scenario.js';
import { startSoakWorld, type SoakWorld } from './soak-world.js';

/**
 * The soak's scenarios, small: `npm run soak` runs them with 10,000 deliveries and prints the
 * figures. Each audits what GitHub and the stores hold against what was delivered.
 */
const promisesHeld = {
  lost: 0,
  doubled: 0,
  spinning: 0,
  forked: 0,
  letIn: 0,
  problems: [],
};

describe('reliability: load, faults and SIGKILL through the local server', () => {
  describe('load', () => {
    let world: SoakWorld;
    beforeAll(async () => {
      world = await startSoakWorld({ repos: 5, workers: 4, secondMs: 5, requestTimeoutMs: 1000 });
    }, 60_000);
    afterAll(() => world.close());

    it('every valid unique delivery gets exactly one completed run; redeliveries and bad signatures none', async () => {
      const figures = await runLoad(world, {
        deliveries: 150,
        concurrency: 8,
        redeliveryRate: 0.2,
        badSignatureRate: 0.05,
        seed: 11,
      });
      expect(figures).toMatchObject({ ...promisesHeld, wrongAnswers: 0 });
      expect(figures.redeliveries).toBeGreaterThan(10);
      expect(figures.badSignatures).toBeGreaterThan(2);
      expect(figures.snapshots).toBeGreaterThan(0);
      world.github.assertNoViolations();
    }, 240_000);
  });

  describe('faults', () => {
    let world: SoakWorld;
    beforeAll(async () => {
      world = await startSoakWorld({ repos: 4, workers: 4, secondMs: 5, requestTimeoutMs: 800 });
    }, 60_000);
    afterAll(() => world.close());

    it('GitHub failing, DynamoDB and S3 killed mid-run: nothing lost, spinning or forked', async () => {
      const figures = await runFaults(world, {
        deliveries: 120,
        concurrency: 8,
        seed: 12,
        githubFaultRate: 0.08,
        outageMs: 1500,
        requestTimeoutMs: 800,
      });
      expect(figures).toMatchObject(promisesHeld);
      expect(figures.dynamodbOutages).toBe(1);
      expect(figures.s3Outages).toBe(1);
      // Every kind of GitHub fault was injected at least once.
      expect(Object.keys(figures.githubFaults).sort()).toEqual(
        ['hang 1300 ms', 'reset', 'status 403', 'status 429', 'status 500', 'status 502'].sort(),
      );
      world.github.assertNoViolations();
    }, 300_000);
  });

  it('the server SIGKILLed mid-check and restarted loses no accepted delivery, and logs no secret', async () => {
    const figures = await runCrash({ deliveries: 30, kills: 1, repos: 3, seed: 13 });
    expect(figures).toMatchObject(promisesHeld);
    expect(figures.inProgressAtKill).toBeGreaterThan(0);
    expect(figures.logs.length).toBeGreaterThan(0);
    expect(findSecrets(figures.logs.join('\n'), figures.secrets)).toEqual([]);
  }, 300_000);
});
