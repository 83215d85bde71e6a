import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { CheckJob } from '../../functions/jobs/check-job.js';
import { DeliveryStore, jobContexts } from '../../functions/store/deliveries.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';

const SHA = 'a'.repeat(40);

function job(overrides: Partial<CheckJob> = {}): CheckJob {
  return {
    v: 1,
    deliveryId: 'd-push',
    trigger: 'push',
    repo: { owner: 'acme', name: 'policies', id: 7 },
    installationId: 1,
    sha: SHA,
    ref: 'refs/heads/feature',
    pr: null,
    defaultBranch: 'main',
    rerun: false,
    ...overrides,
  };
}

describe('DeliveryStore: delivery claims and per-commit collapse, on dynalite', () => {
  let engines: LocalEngines;
  let clock: Date;
  const now = (): Date => clock;
  const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
  async function store(): Promise<DeliveryStore> {
    clock = at(0);
    return new DeliveryStore({ client: engines.dynamo, tableName: await engines.newTable(), now });
  }
  beforeAll(async () => {
    engines = await startLocalEngines();
  });
  afterAll(() => engines.close());

  it('a delivery id is claimed once; a second claim is a duplicate', async () => {
    const deliveries = await store();
    const claim = await deliveries.claim('d1', 'push');
    expect(claim).toMatchObject({ deliveryId: 'd1' });
    await deliveries.markEnqueued(claim!, 1);
    expect(await deliveries.claim('d1', 'push')).toBeNull();
    clock = at(6 * 24 * 3600);
    expect(await deliveries.claim('d1', 'push')).toBeNull();
  });

  it('an expired record (not yet deleted by the TTL sweeper) counts as absent', async () => {
    const deliveries = await store();
    await deliveries.markEnqueued((await deliveries.claim('d1', 'push'))!, 1);
    clock = at(7 * 24 * 3600 + 1);
    expect(await deliveries.claim('d1', 'push')).not.toBeNull();
  });

  it('a claim left pending by a crash is reclaimable after the 60 s lease, not before', async () => {
    const deliveries = await store();
    expect(await deliveries.claim('d1', 'push')).not.toBeNull(); // then the invocation dies
    clock = at(59);
    expect(await deliveries.claim('d1', 'push')).toBeNull();
    clock = at(61);
    const second = await deliveries.claim('d1', 'push');
    expect(second).not.toBeNull();
    // An enqueued delivery is not reclaimable after the lease: only pending ones are.
    await deliveries.markEnqueued(second!, 1);
    clock = at(3600);
    expect(await deliveries.claim('d1', 'push')).toBeNull();
  });

  it("release gives the claim back; a stale claim's release leaves the new owner's alone", async () => {
    const deliveries = await store();
    const first = await deliveries.claim('d1', 'push');
    await deliveries.release(first!);
    const second = await deliveries.claim('d1', 'push');
    expect(second).not.toBeNull();
    await deliveries.release(first!); // stale token: nothing happens
    expect(await deliveries.claim('d1', 'push')).toBeNull();
  });

  it('the delivery record has the documented layout', async () => {
    clock = at(0);
    const tableName = await engines.newTable();
    const deliveries = new DeliveryStore({ client: engines.dynamo, tableName, now });
    await deliveries.markEnqueued((await deliveries.claim('d9', 'pull_request'))!, 2);
    const { Item } = await engines.dynamo.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { pk: { S: 'DELIVERY#d9' }, sk: { S: 'DELIVERY' } },
      }),
    );
    expect(Item).toMatchObject({
      state: { S: 'enqueued' },
      event: { S: 'pull_request' },
      jobs: { N: '2' },
      expiresAt: { N: String(Date.UTC(2026, 0, 1) / 1000 + 7 * 24 * 3600) },
    });
  });

  it('collapse: first job goes, a repeat does not, a new pull request does, once', async () => {
    const deliveries = await store();
    expect(await deliveries.admitCommitJob(job())).toMatchObject({
      admitted: true,
      reason: 'first',
    });
    expect(
      await deliveries.admitCommitJob(job({ deliveryId: 'd-suite', trigger: 'check_suite' })),
    ).toMatchObject({ admitted: false, reason: 'nothing-new' });
    const pr = { number: 5, baseSha: 'b'.repeat(40), mergeBaseSha: null };
    expect(await deliveries.admitCommitJob(job({ deliveryId: 'd-pr', pr }))).toMatchObject({
      admitted: true,
      reason: 'new-context',
      added: ['pr:5'],
    });
    expect(await deliveries.admitCommitJob(job({ deliveryId: 'd-pr2', pr }))).toMatchObject({
      admitted: false,
    });
    // The same delivery again (its enqueue failed or it crashed) is let through.
    expect(await deliveries.admitCommitJob(job({ deliveryId: 'd-pr', pr }))).toMatchObject({
      admitted: true,
      reason: 'redelivery',
    });
    expect(
      await deliveries.admitCommitJob(job({ deliveryId: 'd-rerun', rerun: true })),
    ).toMatchObject({ admitted: true, reason: 'rerun' });
  });

  it('collapse: the same commit reaching the default branch is new (it publishes)', async () => {
    const deliveries = await store();
    await deliveries.admitCommitJob(job());
    const onMain = job({ deliveryId: 'd-main', ref: 'refs/heads/main' });
    expect(jobContexts(onMain)).toEqual(['default-branch']);
    expect(await deliveries.admitCommitJob(onMain)).toMatchObject({ admitted: true });
    expect(await deliveries.admitCommitJob({ ...onMain, deliveryId: 'd-main-2' })).toMatchObject({
      admitted: false,
    });
  });

  it('collapse: an expired commit record is absent; withdraw undoes an admission', async () => {
    const deliveries = await store();
    const first = await deliveries.admitCommitJob(job());
    await deliveries.withdrawCommitJob(job(), first);
    expect(await deliveries.admitCommitJob(job({ deliveryId: 'other' }))).toMatchObject({
      reason: 'first',
    });
    const pr = { number: 9, baseSha: 'b'.repeat(40), mergeBaseSha: null };
    const added = await deliveries.admitCommitJob(job({ deliveryId: 'd-pr', pr }));
    await deliveries.withdrawCommitJob(job({ deliveryId: 'd-pr', pr }), added);
    expect(await deliveries.admitCommitJob(job({ deliveryId: 'd-pr-b', pr }))).toMatchObject({
      reason: 'new-context',
    });
    clock = at(8 * 24 * 3600);
    expect(await deliveries.admitCommitJob(job({ deliveryId: 'late' }))).toMatchObject({
      reason: 'first',
    });
  });
});
