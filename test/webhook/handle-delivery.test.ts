import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { CheckJob } from '../../functions/jobs/check-job.js';
import type { JobQueue } from '../../functions/jobs/job-queue.js';
import { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { DeliveryStore } from '../../functions/store/deliveries.js';
import {
  handleDelivery,
  MAX_BODY_BYTES,
  type DeliveryServices,
} from '../../functions/webhook/handle-delivery.js';
import { signBody } from '../../functions/webhook/verify-signature.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { example, exampleAction, signedRequest, type Payload } from './webhook-examples.js';

const PUSH_SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
import { createCheckRunStore } from '../../functions/store/check-runs.js';
import { RERUNS_PER_COMMIT_HOUR } from '../../functions/store/replay-guard.js';

function pushToMaster(): Payload {
  return example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
}

/** pull_request.synchronize for the commit the push example pushed (same repository). */
function synchronizeOfPush(): Payload {
  const payload = exampleAction('pull_request', 'synchronize');
  payload.pull_request.head.sha = PUSH_SHA;
  return payload;
}

/** A queue that fails while `failing` is set, then behaves like the one it wraps. */
class FlakyQueue implements JobQueue {
  failing = true;
  constructor(readonly inner: JobQueue) {}
  async enqueue(job: CheckJob): Promise<void> {
    if (this.failing) throw new Error('queue unavailable');
    await this.inner.enqueue(job);
  }
}

describe('handleDelivery: signature → jobs → dedupe → collapse → enqueue → answer', () => {
  let engines: LocalEngines;
  let clock: Date;
  let tableName: string;
  let queue: LocalJobQueue;
  let services: DeliveryServices;
  const at = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);

  beforeAll(async () => {
    engines = await startLocalEngines();
  });
  afterAll(() => engines.close());

  async function fresh(): Promise<void> {
    clock = at(0);
    tableName = await engines.newTable();
    const now = (): Date => clock;
    queue = new LocalJobQueue({ client: engines.dynamo, tableName, now });
    services = {
      secret: 'It is a secret to everybody',
      deliveries: new DeliveryStore({ client: engines.dynamo, tableName, now }),
      queue,
    };
  }
  /** Later deliveries arrive later: the local queue lists jobs in order of availability. */
  async function deliver(...args: Parameters<typeof handleDelivery>) {
    clock = new Date(clock.getTime() + 1000);
    return handleDelivery(...args);
  }
  /** The commit's run as the check function records it, so a rerequest can name it. */
  async function recordRun(repo: string, sha: string, checkRunId: number): Promise<void> {
    const runs = createCheckRunStore({ dynamo: engines.dynamo, table: tableName });
    await runs.claim(repo, sha, clock, 120, 'the-push');
    await runs.started(repo, sha, checkRunId, 'the-push', clock);
  }
  async function queued(): Promise<CheckJob[]> {
    return (await queue.pending()).map((p) => p.job);
  }
  async function itemCount(): Promise<number> {
    const { Count } = await engines.dynamo.send(new ScanCommand({ TableName: tableName }));
    return Count ?? 0;
  }

  it('a valid push: 202 and exactly one job in the local queue, with the right fields', async () => {
    await fresh();
    const response = await handleDelivery(
      signedRequest('push', pushToMaster(), { deliveryId: 'delivery-1' }),
      services,
    );
    expect(response.statusCode).toBe(202);
    expect(response.body).toMatchObject({ status: 'accepted', deliveryId: 'delivery-1' });
    expect(await queued()).toEqual([
      {
        v: 1,
        deliveryId: 'delivery-1',
        trigger: 'push',
        repo: { owner: 'Codertocat', name: 'Hello-World', id: 186853002 },
        installationId: 1,
        sha: PUSH_SHA,
        ref: 'refs/heads/master',
        pr: null,
        defaultBranch: 'master',
        rerun: false,
      },
    ]);
  });

  it('a wrong or missing signature: 401 and nothing stored', async () => {
    await fresh();
    const wrong = await handleDelivery(
      signedRequest('push', pushToMaster(), { secret: 'not the secret' }),
      services,
    );
    const missing = await handleDelivery(
      signedRequest('push', pushToMaster(), { secret: null }),
      services,
    );
    const garbage = await handleDelivery(
      signedRequest('push', pushToMaster(), { signature: 'sha256=zz' }),
      services,
    );
    const tampered = signedRequest('push', pushToMaster());
    tampered.body = Buffer.from(tampered.body.toString().replace('Codertocat', 'Codertocas'));
    const changed = await handleDelivery(tampered, services);
    for (const response of [wrong, missing, garbage, changed]) {
      expect(response.statusCode).toBe(401);
      expect(response.body.status).toBe('rejected');
    }
    expect(await itemCount()).toBe(0);
  });

  it('the same delivery id twice: one job', async () => {
    await fresh();
    const request = signedRequest('push', pushToMaster(), { deliveryId: 'twice' });
    expect((await handleDelivery(request, services)).body.status).toBe('accepted');
    const again = await handleDelivery(request, services);
    expect(again.statusCode).toBe(202);
    expect(again.body).toMatchObject({ status: 'duplicate' });
    expect(await queued()).toHaveLength(1);
  });

  it('an expired delivery record is absent: the delivery is accepted again', async () => {
    await fresh();
    const request = signedRequest('check_suite', exampleAction('check_suite', 'rerequested'), {
      deliveryId: 'old',
    });
    await handleDelivery(request, services);
    clock = at(7 * 24 * 3600 + 1);
    expect((await handleDelivery(request, services)).body.status).toBe('accepted');
    expect(await queued()).toHaveLength(1); // the local queue holds one row per delivery's job
  });

  it('an enqueue failure answers 500 and releases the claim: the redelivery is accepted', async () => {
    await fresh();
    const flaky = new FlakyQueue(queue);
    const failing = { ...services, queue: flaky };
    const request = signedRequest('push', pushToMaster(), { deliveryId: 'unlucky' });
    const failed = await handleDelivery(request, failing);
    expect(failed.statusCode).toBe(500);
    expect(await queued()).toEqual([]);
    // GitHub's redelivery of the failed one is accepted, not a duplicate, and queues the job.
    flaky.failing = false;
    const redelivered = await handleDelivery(request, failing);
    expect(redelivered.statusCode).toBe(202);
    expect(redelivered.body.status).toBe('accepted');
    expect(redelivered.body.jobs?.[0]).toMatchObject({ queued: true });
    expect((await queued()).map((j) => j.deliveryId)).toEqual(['unlucky']);
  });

  it('a claim whose release failed too holds the delivery: its redelivery is 503, never "duplicate"', async () => {
    await fresh();
    const flaky = new FlakyQueue(queue);
    const store = services.deliveries as DeliveryStore;
    // The store goes down between the enqueue failure and the release: the claim stays pending.
    const stuck = {
      ...services,
      queue: flaky,
      deliveries: Object.assign(Object.create(store) as DeliveryStore, {
        release: () => Promise.reject(new Error('DynamoDB unreachable')),
        isPending: store.isPending.bind(store),
        claim: store.claim.bind(store),
        claimBody: store.claimBody.bind(store),
        admitRerun: store.admitRerun.bind(store),
        admitCommitJob: store.admitCommitJob.bind(store),
        withdrawCommitJob: () => Promise.reject(new Error('DynamoDB unreachable')),
      }),
    };
    const request = signedRequest('push', pushToMaster(), { deliveryId: 'held' });
    expect((await handleDelivery(request, stuck)).statusCode).toBe(500);
    flaky.failing = false;
    const during = await handleDelivery(request, { ...services, queue: flaky });
    expect(during.statusCode).toBe(503);
    expect(await queued()).toEqual([]);
    // Once the dead attempt's lease is out, the redelivery is accepted and queues the job.
    clock = at(61);
    const after = await handleDelivery(request, { ...services, queue: flaky });
    expect(after.body.status).toBe('accepted');
    expect((await queued()).map((j) => j.deliveryId)).toEqual(['held']);
  });

  it('after an enqueue failure, another delivery for the commit is not "nothing new"', async () => {
    await fresh();
    const flaky = new FlakyQueue(queue);
    const failing = { ...services, queue: flaky };
    expect((await handleDelivery(signedRequest('push', pushToMaster()), failing)).statusCode).toBe(
      500,
    );
    flaky.failing = false; // GitHub does not redeliver by itself: the next delivery must run
    const suite = exampleAction('check_suite', 'requested');
    suite.check_suite.head_sha = PUSH_SHA;
    suite.repository = pushToMaster().repository;
    suite.installation = { id: 1 };
    const other = await handleDelivery(signedRequest('check_suite', suite), failing);
    expect(other.body.jobs).toMatchObject([{ queued: true, why: 'the first job for this commit' }]);
  });

  it('push, then synchronize of the same commit, then nothing new: jobs 1, 2, none', async () => {
    await fresh();
    const push = await deliver(signedRequest('push', pushToMaster()), services);
    expect(push.body.jobs).toMatchObject([{ queued: true, pr: null }]);
    const sync = await deliver(signedRequest('pull_request', synchronizeOfPush()), services);
    expect(sync.body.jobs).toMatchObject([{ queued: true, pr: 2, why: 'brings pr:2' }]);
    const jobs = await queued();
    expect(jobs.map((j) => [j.trigger, j.sha, j.pr?.number ?? null])).toEqual([
      ['push', PUSH_SHA, null],
      ['pull_request', PUSH_SHA, 2],
    ]);
    // A third delivery (new id, another event for it) for the same commit and PR brings nothing new.
    const reopened = synchronizeOfPush();
    reopened.action = 'reopened';
    const third = await deliver(signedRequest('pull_request', reopened), services);
    expect(third.statusCode).toBe(202);
    expect(third.body.jobs).toMatchObject([{ queued: false }]);
    expect(await queued()).toHaveLength(2);
  });

  it('a rerequest of the commit’s current run runs, with rerun: true; so does a suite’s', async () => {
    await fresh();
    await deliver(signedRequest('push', pushToMaster()), services);
    const rerun = exampleAction('check_run', 'rerequested');
    rerun.check_run.head_sha = PUSH_SHA;
    rerun.repository = pushToMaster().repository;
    await recordRun(rerun.repository.full_name, PUSH_SHA, rerun.check_run.id);
    expect((await deliver(signedRequest('check_run', rerun), services)).body.jobs).toMatchObject([
      { queued: true, rerun: true },
    ]);
    const suite = exampleAction('check_suite', 'rerequested');
    await deliver(signedRequest('check_suite', suite), services);
    const reruns = (await queued()).filter((job) => job.rerun);
    expect(reruns.map((j) => j.trigger)).toEqual(['check_run', 'check_suite']);
    expect(reruns[0]).toMatchObject({ sha: PUSH_SHA, installationId: 1 });
  });

  it('a captured rerequest replayed under new ids, or naming an older run, queues nothing', async () => {
    await fresh();
    const rerun = exampleAction('check_run', 'rerequested');
    rerun.check_run.head_sha = PUSH_SHA;
    rerun.repository = pushToMaster().repository;
    await recordRun(rerun.repository.full_name, PUSH_SHA, rerun.check_run.id);
    const body = Buffer.from(JSON.stringify(rerun));
    expect((await deliver(signedRequest('check_run', null, { body }), services)).body.status).toBe(
      'accepted',
    );
    for (let i = 0; i < 5; i++) {
      const replay = await deliver(signedRequest('check_run', null, { body }), services);
      expect(replay.body).toMatchObject({
        status: 'duplicate',
        reason: expect.stringMatching(/replay/),
      });
    }
    // A signed rerequest of a run that is no longer the commit's current one.
    await recordRun(rerun.repository.full_name, PUSH_SHA, rerun.check_run.id + 1);
    const old = structuredClone(rerun);
    old.check_run.name = 'Policy compliance (older)';
    const refused = await deliver(signedRequest('check_run', old), services);
    expect(refused.body.jobs).toMatchObject([
      { queued: false, why: expect.stringMatching(/is not .* current run/) },
    ]);
    expect((await queued()).filter((j) => j.rerun)).toHaveLength(1);
  });

  it('re-runs of one commit are bounded per hour, then allowed again the next hour', async () => {
    await fresh();
    const suite = exampleAction('check_suite', 'rerequested');
    const answers = [];
    for (let i = 0; i < RERUNS_PER_COMMIT_HOUR + 2; i++) {
      const distinct = structuredClone(suite);
      distinct.check_suite.updated_at = `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`;
      answers.push(
        (await deliver(signedRequest('check_suite', distinct), services)).body.jobs![0]!,
      );
    }
    expect(answers.filter((a) => a.queued)).toHaveLength(RERUNS_PER_COMMIT_HOUR);
    expect(answers.at(-1)!.why).toMatch(/re-run 6 times this hour; try again after 01:00 UTC/);
    clock = at(3600);
    const later = structuredClone(suite);
    later.check_suite.updated_at = '2026-01-01T01:00:00Z';
    expect((await deliver(signedRequest('check_suite', later), services)).body.jobs).toMatchObject([
      { queued: true },
    ]);
  });

  it('an unknown event or a closed pull request: 202 with a reason, no job; ping: 200', async () => {
    await fresh();
    const star = await deliver(signedRequest('star', example('star')), services);
    expect(star).toMatchObject({
      statusCode: 202,
      body: { status: 'ignored', reason: 'star event is not one this app checks' },
    });
    const closed = await deliver(
      signedRequest('pull_request', exampleAction('pull_request', 'closed')),
      services,
    );
    expect(closed).toMatchObject({
      statusCode: 202,
      body: { status: 'ignored', reason: 'pull_request.closed is not checked' },
    });
    const ping = await deliver(signedRequest('ping', example('ping')), services);
    expect(ping).toMatchObject({ statusCode: 200, body: { status: 'pong' } });
    expect(await itemCount()).toBe(0);
  });

  it('malformed JSON and a body over the limit: 400, nothing stored', async () => {
    await fresh();
    const malformed = await deliver(
      signedRequest('push', null, { body: Buffer.from('{"ref": "refs/heads/main",') }),
      services,
    );
    expect(malformed).toMatchObject({ statusCode: 400, body: { reason: 'the body is not JSON' } });
    const huge = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const tooLarge = await deliver(signedRequest('push', null, { body: huge }), services);
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.body.reason).toMatch(/over 5242880 bytes/);
    // Exactly at the limit is read (a ping padded with whitespace).
    const ping = Buffer.from(JSON.stringify(example('ping')));
    const padded = Buffer.concat([ping, Buffer.alloc(MAX_BODY_BYTES - ping.length, 0x20)]);
    expect(
      (await deliver(signedRequest('ping', null, { body: padded }), services)).statusCode,
    ).toBe(200);
    const headerless = signedRequest('push', pushToMaster());
    delete (headerless.headers as Record<string, string>)['x-github-delivery'];
    expect((await deliver(headerless, services)).statusCode).toBe(400);
    expect(await itemCount()).toBe(0);
  });

  it('installation created: one job per repository; installation_repositories added too', async () => {
    await fresh();
    const payload = example('installation', (p) => p.action === 'created');
    payload.repositories.push({ id: 42, name: 'Space', full_name: 'Codertocat/Space' });
    const response = await deliver(signedRequest('installation', payload), services);
    expect(response.statusCode).toBe(202);
    const added = example('installation_repositories', (p) => p.action === 'added');
    await deliver(signedRequest('installation_repositories', added), services);
    const jobs = await queued();
    expect(jobs.map((j) => `${j.trigger} ${j.repo.owner}/${j.repo.name}`).sort()).toEqual([
      'installation Codertocat/Hello-World',
      'installation Codertocat/Space',
      'installation Codertocat/Space',
    ]);
    expect(new Set(jobs.map((j) => j.installationId))).toEqual(new Set([957387]));
  });

  it('the secret may come from a function (Secrets Manager); its failure is a 500', async () => {
    await fresh();
    const request = signedRequest('push', pushToMaster());
    const viaFunction = { ...services, secret: async () => 'It is a secret to everybody' };
    expect((await deliver(request, viaFunction)).statusCode).toBe(202);
    const broken = {
      ...services,
      secret: async (): Promise<string> => Promise.reject(new Error('no extension')),
    };
    expect((await deliver(signedRequest('push', pushToMaster()), broken)).statusCode).toBe(500);
    expect(signBody('x', 'y')).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
