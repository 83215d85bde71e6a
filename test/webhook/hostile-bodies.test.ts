import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { handleDelivery, type DeliveryServices } from '../../functions/webhook/handle-delivery.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { webhookServicesOn } from '../support/webhook-services.js';
import { signedRequest } from './webhook-examples.js';

/**
 * Any body GitHub could be made to sign (or anyone could send) gets an answer, never an
 * exception: 400 for what is not a delivery of a known shape, 401 when unsigned, 202 when it is
 * ignored (200 for a ping), and no job for any of them. Fixed seed and a bounded budget, so CI is repeatable.
 */
describe('the webhook under hostile bodies', () => {
  let engines: LocalEngines;
  let services: DeliveryServices;
  let queue: LocalJobQueue;

  beforeAll(async () => {
    engines = await startLocalEngines();
    ({ services, queue } = await webhookServicesOn(engines));
  });
  afterAll(() => engines.close());

  const events = fc.constantFrom(
    'push',
    'pull_request',
    'check_suite',
    'check_run',
    'installation',
    'ping',
    'star',
  );
  const bodies = fc.oneof(
    fc.string({ maxLength: 200 }), // not JSON, or JSON of any shape
    fc.json({ maxDepth: 4 }),
    fc
      .jsonValue({ maxDepth: 4 })
      .map((v) =>
        JSON.stringify({ ref: v, after: v, repository: v, installation: v, pull_request: v }),
      ),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  );

  it('answers every signed body with 202 (ping: 200) or 400 and queues nothing', async () => {
    await fc.assert(
      fc.asyncProperty(events, bodies, async (event, text) => {
        const request = signedRequest(event, null, { body: Buffer.from(text) });
        const answer = await handleDelivery(request, services);
        // ping is answered 200 whatever it carries: it queues nothing either.
        expect(event === 'ping' ? [200, 400] : [202, 400]).toContain(answer.statusCode);
      }),
      { seed: 20261123, numRuns: 150 },
    );
    expect(await queue.pending()).toEqual([]);
  });

  it('answers every unsigned or wrongly signed body with 401', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        bodies,
        fc.string({ maxLength: 80 }),
        async (event, text, signature) => {
          const request = signedRequest(event, null, { body: Buffer.from(text), signature });
          expect((await handleDelivery(request, services)).statusCode).toBe(401);
        },
      ),
      { seed: 20261123, numRuns: 100 },
    );
  });
});
