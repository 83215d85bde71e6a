import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { DeliveryStore } from '../../functions/store/deliveries.js';
import { handleDelivery, type DeliveryServices } from '../../functions/webhook/handle-delivery.js';
import { signBody } from '../../functions/webhook/verify-signature.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { SECRET, example, signedRequest, type Payload } from '../webhook/webhook-examples.js';

/**
 * Security property 5 (issue 9): a wrong, missing or replayed signature never reaches the
 * queue. test/webhook covers fixed cases (a wrong secret, no header, `sha256=zz`, a changed
 * body: 401, nothing stored) and random garbage headers (401); these properties add what those
 * leave out, on dynalite: a body that *would* be queued, with every near miss of its correct
 * header (one digit changed, cut, extended, another body's or another secret's signature…),
 * stores nothing and queues nothing; and any sequence of deliveries, each replayed any number
 * of times (before or after its job ran), queues each delivery's job exactly once.
 */

let engines: LocalEngines;
beforeAll(async () => {
  engines = await startLocalEngines();
});
afterAll(() => engines.close());

async function fresh(): Promise<{
  services: DeliveryServices;
  queue: LocalJobQueue;
  table: string;
}> {
  const table = await engines.newTable();
  const queue = new LocalJobQueue({ client: engines.dynamo, tableName: table });
  const services = {
    secret: SECRET,
    deliveries: new DeliveryStore({ client: engines.dynamo, tableName: table }),
    queue,
  };
  return { services, queue, table };
}

async function items(table: string): Promise<number> {
  const { Count } = await engines.dynamo.send(new ScanCommand({ TableName: table }));
  return Count ?? 0;
}

/** A push of `sha` to master, from GitHub's example: a body the webhook queues when signed. */
function push(sha: string): Payload {
  const payload = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
  payload.after = sha;
  return payload;
}

const commit = fc.stringMatching(/^[0-9a-f]{40}$/).filter((s) => !/^0+$/.test(s));

/** Headers that are not the correct one, many of them close to it. */
function wrongHeaders(body: Buffer): fc.Arbitrary<string | undefined> {
  const correct = signBody(SECRET, body);
  const digits = correct.slice('sha256='.length);
  const hex = fc.constantFrom(...'0123456789abcdef');
  return fc
    .oneof(
      fc.constant(undefined),
      fc.constant(''),
      fc.constant('sha256='),
      // One digit changed.
      fc
        .tuple(fc.nat({ max: 63 }), hex)
        .map(([at, d]) => `sha256=${digits.slice(0, at)}${d}${digits.slice(at + 1)}`),
      // Cut short or extended.
      fc.nat({ max: 63 }).map((n) => `sha256=${digits.slice(0, n)}`),
      fc.stringMatching(/^[0-9a-f]{1,4}$/).map((more) => `${correct}${more}`),
      // The right digits under another name, or as SHA-1's header would carry them.
      fc.constantFrom(`sha1=${digits}`, `sha512=${digits}`, digits, `sha256:${digits}`),
      // Valid signatures, but of another body or under another secret.
      fc
        .string({ minLength: 1 })
        .map((other) => signBody(SECRET, Buffer.concat([body, Buffer.from(other)]))),
      fc
        .string({ minLength: 1 })
        .filter((s) => s !== SECRET)
        .map((secret) => signBody(secret, body)),
      fc.constant(signBody('', body)),
      // Anything at all.
      fc.string({ maxLength: 100 }),
    )
    .filter((header) => header === undefined || header.trim().toLowerCase() !== correct);
}

describe('a wrong or missing signature never reaches the queue', () => {
  it('any header but the correct one, on a body that would be queued: 401, nothing stored', async () => {
    const { services, queue, table } = await fresh();
    const body = Buffer.from(JSON.stringify(push('6113728f27ae82c7b1a177c8d03f9e96e0adf246')));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(wrongHeaders(body), fc.uuid(), async (header, deliveryId) => {
        runs++;
        const request = signedRequest('push', null, { body, deliveryId, secret: null });
        if (header !== undefined)
          request.headers = { ...request.headers, 'x-hub-signature-256': header };
        const answer = await handleDelivery(request, services);
        expect(answer.statusCode).toBe(401);
        expect(answer.body.status).toBe('rejected');
      }),
      { seed: 9_051, numRuns: 400 },
    );
    expect(runs).toBe(400);
    expect(await items(table)).toBe(0);
    expect(await queue.pending()).toEqual([]);
    // The same body with the correct header is queued: the property above is not vacuous.
    const signed = signedRequest('push', null, { body });
    expect((await handleDelivery(signed, services)).statusCode).toBe(202);
    expect(await queue.pending()).toHaveLength(1);
  });

  it('a valid signature moved onto another body (the body changed in transit): 401, nothing stored', async () => {
    const { services, queue, table } = await fresh();
    await fc.assert(
      fc.asyncProperty(commit, commit, async (signedSha, sentSha) => {
        fc.pre(signedSha !== sentSha);
        const header = signBody(SECRET, Buffer.from(JSON.stringify(push(signedSha))));
        const request = signedRequest('push', push(sentSha), { signature: header });
        expect((await handleDelivery(request, services)).statusCode).toBe(401);
      }),
      { seed: 9_052, numRuns: 100 },
    );
    expect(await items(table)).toBe(0);
    expect(await queue.pending()).toEqual([]);
  });
});

describe('a replayed delivery queues nothing the second time', () => {
  it('any sequence of deliveries, each replayed any number of times: one job per delivery', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(commit, { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (shas, order, runBetween) => {
          const { services, queue } = await fresh();
          const deliveries = shas.map((sha, i) =>
            signedRequest('push', push(sha), { deliveryId: `replay-${i}` }),
          );
          const sent = new Set<number>();
          // Every delivery once, then replays in the generated order.
          for (const index of [...deliveries.keys(), ...order.map((n) => n % deliveries.length)]) {
            const first = !sent.has(index);
            sent.add(index);
            const answer = await handleDelivery(deliveries[index]!, services);
            expect(answer.statusCode).toBe(202);
            expect(answer.body.status).toBe(first ? 'accepted' : 'duplicate');
            // A replay after the job ran (claimed and completed) is a duplicate all the same.
            if (runBetween && first) {
              const claimed = await queue.claimNext();
              expect(claimed?.job.deliveryId).toBe(`replay-${index}`);
              await queue.complete(claimed!.receipt);
            }
          }
          const pending = (await queue.pending()).map((p) => p.job.sha);
          expect(pending.sort()).toEqual(runBetween ? [] : [...shas].sort());
        },
      ),
      { seed: 9_053, numRuns: 30 },
    );
  });

  it('the same signed body under a fresh delivery id (the header is not signed) queues nothing new', async () => {
    const { services, queue } = await fresh();
    const body = Buffer.from(JSON.stringify(push('6113728f27ae82c7b1a177c8d03f9e96e0adf246')));
    expect(
      (await handleDelivery(signedRequest('push', null, { body }), services)).body.status,
    ).toBe('accepted');
    await fc.assert(
      fc.asyncProperty(fc.uuid(), async (deliveryId) => {
        const answer = await handleDelivery(
          signedRequest('push', null, { body, deliveryId }),
          services,
        );
        expect(answer.statusCode).toBe(202);
        expect(answer.body).toMatchObject({
          status: 'duplicate',
          reason: expect.stringMatching(/replay/),
        });
      }),
      { seed: 9_054, numRuns: 50 },
    );
    expect(await queue.pending()).toHaveLength(1);
  });
});
