import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckJob } from '../../functions/jobs/check-job.js';
import { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';

function job(deliveryId: string, sha = 'c'.repeat(40)): CheckJob {
  return {
    v: 1,
    deliveryId,
    trigger: 'push',
    repo: { owner: 'acme', name: 'policies', id: 7 },
    installationId: 1,
    sha,
    ref: 'refs/heads/main',
    pr: null,
    defaultBranch: 'main',
    rerun: false,
  };
}

describe('LocalJobQueue: a durable queue in the table, leased like SQS', () => {
  let engines: LocalEngines;
  let clock: Date;
  const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  async function queue(): Promise<{ queue: LocalJobQueue; tableName: string }> {
    clock = at(0);
    const tableName = await engines.newTable();
    return {
      queue: new LocalJobQueue({ client: engines.dynamo, tableName, now: () => clock }),
      tableName,
    };
  }
  beforeAll(async () => {
    engines = await startLocalEngines();
  });
  afterAll(() => engines.close());

  it('a job row its index lost (an engine killed mid-update) is found again by repairIndex', async () => {
    const { queue: q, tableName } = await queue();
    await q.enqueue(job('listed'));
    // What dynalite leaves when killed between deleting a row's index entry and putting it
    // back: the row, with no entry in the index. Written here without the index keys.
    await engines.dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: `LOCALJOB#torn#acme/policies#${'c'.repeat(40)}` },
          sk: { S: 'JOB' },
          job: { S: JSON.stringify(job('torn')) },
          state: { S: 'queued' },
          token: { S: 'token-1' },
          availableAt: { N: String(at(0).getTime()) },
          attempts: { N: '0' },
          enqueuedAt: { N: String(at(0).getTime()) },
        },
      }),
    );
    expect((await q.pending()).map((p) => p.job.deliveryId)).toEqual(['listed']);
    expect(await q.repairIndex()).toBe(2);
    expect((await q.pending()).map((p) => p.job.deliveryId).sort()).toEqual(['listed', 'torn']);
    const claimed = [await q.claimNext(), await q.claimNext()].map((c) => c?.job.deliveryId);
    expect(claimed.sort()).toEqual(['listed', 'torn']);
  });

  it('repairIndex leaves a job claimed meanwhile to its claimant', async () => {
    const { queue: q } = await queue();
    await q.enqueue(job('busy'));
    const claimed = await q.claimNext();
    await q.repairIndex();
    expect(await q.complete(claimed!.receipt)).toBe(true);
    expect(await q.pending()).toEqual([]);
  });

  it('hands jobs out in order of enqueueing, each once, then null', async () => {
    const { queue: q } = await queue();
    await q.enqueue(job('d1'));
    clock = at(1);
    await q.enqueue(job('d2'));
    const first = await q.claimNext();
    const second = await q.claimNext();
    expect([first?.job.deliveryId, second?.job.deliveryId]).toEqual(['d1', 'd2']);
    expect(first).toMatchObject({ attempts: 1, job: job('d1') });
    expect(await q.claimNext()).toBeNull();
    expect(await q.complete(first!.receipt)).toBe(true);
    expect(await q.complete(second!.receipt)).toBe(true);
    expect(await q.pending()).toEqual([]);
  });

  it("a crashed worker's job comes back after the lease, and its stale receipt is void", async () => {
    const { queue: q } = await queue();
    await q.enqueue(job('d1'));
    const lost = await q.claimNext();
    clock = at(299);
    expect(await q.claimNext()).toBeNull();
    clock = at(301);
    const again = await q.claimNext();
    expect(again).toMatchObject({ attempts: 2, job: { deliveryId: 'd1' } });
    expect(await q.complete(lost!.receipt)).toBe(false);
    expect(await q.complete(again!.receipt)).toBe(true);
  });

  it('release puts a job back after a delay; enqueue can delay too', async () => {
    const { queue: q } = await queue();
    await q.enqueue(job('d1'));
    await q.enqueue(job('d2'), { delaySeconds: 30 });
    const claimed = await q.claimNext();
    expect(claimed?.job.deliveryId).toBe('d1');
    expect(await q.release(claimed!.receipt, 10)).toBe(true);
    expect(await q.release(claimed!.receipt, 10)).toBe(false); // the receipt was used
    expect(await q.claimNext()).toBeNull();
    clock = at(11);
    expect((await q.claimNext())?.job.deliveryId).toBe('d1');
    clock = at(31);
    expect((await q.claimNext())?.job.deliveryId).toBe('d2');
  });

  it('a job is durable: a new queue on the same table (a restart) sees it in pending()', async () => {
    const { queue: q, tableName } = await queue();
    await q.enqueue(job('d1'));
    await q.enqueue(job('d2'));
    await q.claimNext(); // leased when the process died
    const restarted = new LocalJobQueue({
      client: engines.dynamo,
      tableName,
      now: () => clock,
    });
    const pending = await restarted.pending();
    expect(pending.map((p) => [p.job.deliveryId, p.state])).toEqual([
      ['d2', 'queued'],
      ['d1', 'leased'],
    ]);
    // Recovery need not wait for the dead worker's lease.
    const leased = pending.find((p) => p.state === 'leased')!;
    expect(await restarted.release(leased.receipt, 0)).toBe(true);
    expect((await restarted.claimNext())?.job.deliveryId).toBe('d1');
  });

  it('enqueueing the same job of the same delivery twice stores it once', async () => {
    clock = at(0);
    let woken = 0;
    const q = new LocalJobQueue({
      client: engines.dynamo,
      tableName: await engines.newTable(),
      now: () => clock,
      onEnqueued: () => woken++,
    });
    await q.enqueue(job('d1'));
    await q.enqueue(job('d1'));
    expect(await q.pending()).toHaveLength(1);
    expect(woken).toBe(1);
  });
});
