import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { repoKey, type CheckJob } from '../jobs/check-job.js';
import { assertDeliveryId, assertRepo, assertSha } from './key-parts.js';
import { epochSeconds, isConditionFailure, N, S } from './table.js';
import { admitRerun, claimBody } from './replay-guard.js';

/**
 * What the webhook remembers between deliveries, in the one table (table.ts):
 *
 * `DELIVERY#<id>` / `DELIVERY`: one per `X-GitHub-Delivery`, so a redelivery never runs a check
 * twice. `state` is `pending` from the claim until the jobs are enqueued, then `enqueued`;
 * `token` (a UUID) identifies the claim; `claimedAt` (epoch ms) starts its lease; `event`,
 * `jobs` (how many were enqueued) and `enqueuedAt` say what happened; `expiresAt` (epoch s) is
 * the TTL.
 *
 * `COMMITJOB#<owner>/<name>#<sha>` / `JOB`: one per commit, so deliveries for one commit
 * collapse into one job and one check run. `firstDelivery` let the first job through;
 * `contexts` maps each context a job brought (`pr:<number>`, `default-branch`) to the delivery
 * that brought it; `createdAt`, `expiresAt` (epoch s).
 */
export const DELIVERY_TTL_SECONDS = 7 * 24 * 3600;
/**
 * How long a `pending` claim keeps others out. Claim and enqueue take milliseconds and the
 * webhook's timeout is seconds; a claim still pending after a minute is a crashed invocation,
 * and GitHub's redelivery must then be accepted, not dropped as a duplicate.
 */
export const DELIVERY_LEASE_SECONDS = 60;

export interface DeliveryStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  now?: () => Date;
  ttlSeconds?: number;
  leaseSeconds?: number;
}

/** A claimed delivery: the caller enqueues, then marks it enqueued or releases it. */
export interface DeliveryClaim {
  deliveryId: string;
  token: string;
}

export type CommitAdmission =
  | {
      admitted: true;
      reason: 'first' | 'new-context' | 'rerun' | 'redelivery';
      /** The contexts this admission wrote to the commit's record (for `withdrawCommitJob`). */
      added: string[];
      detail: string;
    }
  | { admitted: false; reason: 'nothing-new'; detail: string };

/** A delivery's record key; the id (an unsigned header) is checked before it becomes a key. */
export const deliveryKey = (deliveryId: string): Record<string, AttributeValue> => ({
  pk: S(`DELIVERY#${assertDeliveryId(deliveryId)}`),
  sk: S('DELIVERY'),
});

/** A commit's collapse record key, from the job's checked repository and sha. */
export const commitJobKey = (job: {
  repo: Pick<CheckJob['repo'], 'owner' | 'name'>;
  sha: string;
}): Record<string, AttributeValue> => ({
  pk: S(`COMMITJOB#${assertRepo(repoKey(job.repo))}#${assertSha(job.sha)}`),
  sk: S('JOB'),
});

/** The contexts a job brings to its commit's run beyond "this commit was checked". */
export function jobContexts(job: Pick<CheckJob, 'pr' | 'ref' | 'defaultBranch'>): string[] {
  const contexts: string[] = [];
  if (job.pr) contexts.push(`pr:${job.pr.number}`);
  // A commit first checked on a feature branch, then pushed to the default branch (fast-forward)
  // must still be checked there: that run publishes the snapshot.
  if (
    job.ref !== null &&
    job.defaultBranch !== null &&
    job.ref === `refs/heads/${job.defaultBranch}`
  )
    contexts.push('default-branch');
  return contexts;
}

export class DeliveryStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #now: () => Date;
  readonly #ttl: number;
  readonly #lease: number;

  constructor(options: DeliveryStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#now = options.now ?? (() => new Date());
    this.#ttl = options.ttlSeconds ?? DELIVERY_TTL_SECONDS;
    this.#lease = options.leaseSeconds ?? DELIVERY_LEASE_SECONDS;
  }

  /**
   * Claims a delivery id, or returns null when it was claimed before. The conditional put
   * succeeds when no record exists, when the record has expired (DynamoDB deletes expired
   * items lazily, so an expired one still present counts as absent), or when a claim is still
   * `pending` past its lease (its invocation crashed before enqueueing).
   */
  async claim(deliveryId: string, event: string): Promise<DeliveryClaim | null> {
    const now = this.#now();
    const token = randomUUID();
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            ...deliveryKey(deliveryId),
            state: S('pending'),
            token: S(token),
            event: S(event),
            claimedAt: N(now.getTime()),
            expiresAt: N(epochSeconds(now) + this.#ttl),
          },
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :pending AND claimedAt < :leaseStart)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':now': N(epochSeconds(now)),
            ':pending': S('pending'),
            ':leaseStart': N(now.getTime() - this.#lease * 1000),
          },
        }),
      );
      return { deliveryId, token };
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  /** The delivery that brought this signed body first, when it was another: a replay (replay-guard.ts). */
  claimBody(digest: string, deliveryId: string): Promise<string | null> {
    return claimBody(this.#client, this.#table, digest, deliveryId, this.#now());
  }

  /** Why a re-run may not be queued (not the commit's current run, too many), or null (replay-guard.ts). */
  admitRerun(job: CheckJob, askedRunId: number | null): Promise<string | null> {
    return admitRerun(this.#client, this.#table, job, askedRunId, this.#now());
  }

  /**
   * Records that the delivery's jobs are on the queue; from now on a redelivery is a duplicate
   * for the whole TTL. A claim taken over meanwhile (after the lease) is left to its new owner.
   */
  async markEnqueued(claim: DeliveryClaim, jobs: number): Promise<void> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: deliveryKey(claim.deliveryId),
          UpdateExpression: 'SET #state = :enqueued, enqueuedAt = :at, jobs = :jobs',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
          ExpressionAttributeValues: {
            ':enqueued': S('enqueued'),
            ':at': N(this.#now().getTime()),
            ':jobs': N(jobs),
            ':token': S(claim.token),
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Gives a claim back after the enqueue failed, so GitHub's redelivery is accepted rather than
   * dropped as a duplicate. Only this claim's own pending record is deleted.
   */
  /**
   * Whether a claim of this delivery is still pending: another attempt is between claiming it
   * and queueing its jobs, or died there (its lease not yet out). Such a delivery is not yet
   * accepted, so a redelivery must not be told it was.
   */
  async isPending(deliveryId: string): Promise<boolean> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: deliveryKey(deliveryId),
        ConsistentRead: true,
      }),
    );
    return Item?.state?.S === 'pending';
  }

  async release(claim: DeliveryClaim): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: deliveryKey(claim.deliveryId),
          ConditionExpression: '#token = :token AND #state = :pending',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
          ExpressionAttributeValues: { ':token': S(claim.token), ':pending': S('pending') },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * One verdict per commit: decides whether a job for (repository, sha) goes on the queue.
   * The first job for a commit goes; a later one goes only when it brings a context the
   * commit's record lacks (a pull request, the default branch), which it adds; a rerequest
   * always goes. A delivery that already let a job through is let through again: it is back
   * only because its enqueue failed or its invocation crashed, and nothing ran.
   *
   * Conditional writes only (no transactions: dynalite lacks them), and a consistent read after
   * a failed condition (dynalite ignores ReturnValuesOnConditionCheckFailure).
   */
  async admitCommitJob(job: CheckJob): Promise<CommitAdmission> {
    if (job.rerun)
      return { admitted: true, reason: 'rerun', added: [], detail: 'a rerequest always runs' };
    const key = commitJobKey(job);
    const contexts = jobContexts(job);
    for (let attempt = 0; attempt < 4; attempt++) {
      const now = this.#now();
      const nowSeconds = epochSeconds(now);
      try {
        await this.#client.send(
          new PutItemCommand({
            TableName: this.#table,
            Item: {
              ...key,
              firstDelivery: S(job.deliveryId),
              contexts: { M: Object.fromEntries(contexts.map((c) => [c, S(job.deliveryId)])) },
              createdAt: N(nowSeconds),
              expiresAt: N(nowSeconds + this.#ttl),
            },
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': N(nowSeconds) },
          }),
        );
        return {
          admitted: true,
          reason: 'first',
          added: contexts,
          detail: 'the first job for this commit',
        };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item: item } = await this.#client.send(
        new GetItemCommand({ TableName: this.#table, Key: key, ConsistentRead: true }),
      );
      if (!item || Number(item.expiresAt?.N ?? 0) < nowSeconds) continue; // gone meanwhile
      const seen = item.contexts?.M ?? {};
      const firstDelivery = item.firstDelivery?.S ?? '';
      if (
        firstDelivery === job.deliveryId ||
        Object.values(seen).some((value) => value.S === job.deliveryId)
      )
        return {
          admitted: true,
          reason: 'redelivery',
          added: [],
          detail: 'this delivery was let through before',
        };
      const fresh = contexts.filter((context) => !(context in seen));
      if (fresh.length === 0)
        return {
          admitted: false,
          reason: 'nothing-new',
          detail: `commit ${job.sha.slice(0, 7)} was already queued by delivery ${firstDelivery}`,
        };
      const names: Record<string, string> = {};
      const sets: string[] = [];
      const absent: string[] = [];
      fresh.forEach((context, index) => {
        names[`#c${index}`] = context;
        sets.push(`contexts.#c${index} = :delivery`);
        absent.push(`attribute_not_exists(contexts.#c${index})`);
      });
      try {
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: key,
            UpdateExpression: `SET ${sets.join(', ')}, expiresAt = :expires`,
            ConditionExpression: ['expiresAt >= :now', ...absent].join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: {
              ':delivery': S(job.deliveryId),
              ':now': N(nowSeconds),
              ':expires': N(nowSeconds + this.#ttl),
            },
          }),
        );
        return {
          admitted: true,
          reason: 'new-context',
          added: fresh,
          detail: `brings ${fresh.join(', ')}`,
        };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    throw new Error(`commit job ${repoKey(job.repo)}@${job.sha}: too much contention, try again`);
  }

  /**
   * Takes back what `admitCommitJob` wrote when the job then could not be enqueued, so another
   * delivery for the commit is not dropped as "nothing new" while nothing runs (GitHub does not
   * redeliver by itself). Best effort: only this delivery's own entries are removed, and a
   * redelivery of this delivery is let through by `admitCommitJob` anyway.
   */
  async withdrawCommitJob(job: CheckJob, admission: CommitAdmission): Promise<void> {
    if (!admission.admitted) return;
    const key = commitJobKey(job);
    try {
      if (admission.reason === 'first') {
        await this.#client.send(
          new DeleteItemCommand({
            TableName: this.#table,
            Key: key,
            ConditionExpression: 'firstDelivery = :delivery',
            ExpressionAttributeValues: { ':delivery': S(job.deliveryId) },
          }),
        );
      } else if (admission.reason === 'new-context' && admission.added.length > 0) {
        const names = Object.fromEntries(admission.added.map((c, i) => [`#c${i}`, c]));
        await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: key,
            UpdateExpression: `REMOVE ${Object.keys(names)
              .map((name) => `contexts.${name}`)
              .join(', ')}`,
            ConditionExpression: Object.keys(names)
              .map((name) => `contexts.${name} = :delivery`)
              .join(' AND '),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: { ':delivery': S(job.deliveryId) },
          }),
        );
      }
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
