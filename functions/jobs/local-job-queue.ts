import {
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { parseCheckJob, repoKey, type CheckJob } from './check-job.js';
import { delaySecondsOf, type EnqueueOptions, type JobQueue } from './job-queue.js';
import { GSI1, isConditionFailure, N, S } from '../store/table.js';

/**
 * The job queue of the local server, kept in the service's DynamoDB table (the embedded engine
 * locally), so a job is durable before the webhook answers 202 and a crash loses nothing.
 * It behaves like SQS for the in-process consumer: `claimNext` leases a job (the visibility
 * timeout), `complete` deletes it, `release` puts it back after a delay, and a job whose lease
 * ran out (its worker crashed) is claimable again.
 *
 * Its own rows, not the delivery record: one delivery can bring many jobs (an installation),
 * and a delivery record must outlive its jobs for a week to catch redeliveries.
 *
 * `LOCALJOB#<deliveryId>#<owner>/<name>#<sha>` / `JOB`: `job` (the job's JSON, as SQS would
 * carry it), `state` (`queued` | `leased`), `token` (changes on every claim and release, so a
 * stale receipt cannot act), `availableAt` (epoch ms: when it may be claimed; for a leased job,
 * when the lease ends), `attempts` (claims so far), `enqueuedAt` (epoch ms), and the index keys
 * `gsi1pk` = `LOCALJOBS`, `gsi1sk` = `<availableAt, 15 digits>#<job key>`, so the next job is
 * one Query on gsi1 in order of availability. No `expiresAt`: a job must never expire unseen.
 */
export const LOCAL_JOB_LEASE_SECONDS = 300;
const INDEX_PARTITION = 'LOCALJOBS';

export interface LocalJobQueueOptions {
  client: DynamoDBClient;
  tableName: string;
  now?: () => Date;
  /** How long a claimed job stays invisible to other claims (SQS's visibility timeout). */
  leaseSeconds?: number;
  /** Called after a job is stored, so a consumer can wake instead of polling. */
  onEnqueued?: (job: CheckJob) => void;
}

export interface ClaimedJob {
  job: CheckJob;
  /** Opaque: hand it back to `complete` or `release`. */
  receipt: string;
  /** How many times the job has been claimed, this claim included (for a dead-letter limit). */
  attempts: number;
}

export interface PendingJob extends ClaimedJob {
  state: 'queued' | 'leased';
  availableAt: Date;
}

/** One row per job of a delivery: a second enqueue of the same job (a redelivery) is a no-op. */
export function localJobKey(job: CheckJob): string {
  return `${job.deliveryId}#${repoKey(job.repo)}#${job.sha}`;
}

function indexKey(availableAt: number, jobKey: string): string {
  return `${String(availableAt).padStart(15, '0')}#${jobKey}`;
}

function receiptOf(token: string, jobKey: string): string {
  return `${token}|${jobKey}`;
}

function parseReceipt(receipt: string): { token: string; jobKey: string } {
  const bar = receipt.indexOf('|');
  if (bar <= 0) throw new Error(`local job queue: "${receipt}" is not a receipt`);
  return { token: receipt.slice(0, bar), jobKey: receipt.slice(bar + 1) };
}

export class LocalJobQueue implements JobQueue {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #now: () => Date;
  readonly #lease: number;
  readonly #onEnqueued: ((job: CheckJob) => void) | undefined;

  constructor(options: LocalJobQueueOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#now = options.now ?? (() => new Date());
    this.#lease = options.leaseSeconds ?? LOCAL_JOB_LEASE_SECONDS;
    this.#onEnqueued = options.onEnqueued;
  }

  #key(jobKey: string): Record<string, AttributeValue> {
    return { pk: S(`LOCALJOB#${jobKey}`), sk: S('JOB') };
  }

  /** Stores the job; resolves once it is durable. */
  async enqueue(job: CheckJob, options?: EnqueueOptions): Promise<void> {
    const now = this.#now().getTime();
    const availableAt = now + delaySecondsOf(options) * 1000;
    const jobKey = localJobKey(job);
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            ...this.#key(jobKey),
            job: S(JSON.stringify(job)),
            state: S('queued'),
            token: S(randomUUID()),
            availableAt: N(availableAt),
            attempts: N(0),
            enqueuedAt: N(now),
            gsi1pk: S(INDEX_PARTITION),
            gsi1sk: S(indexKey(availableAt, jobKey)),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return; // already queued by an earlier attempt of the same delivery
    }
    this.#onEnqueued?.(job);
  }

  /**
   * Leases the job that has been available longest, or returns null when none is. The lease is
   * a conditional write on the token read, so two workers never hold one job.
   */
  async claimNext(): Promise<ClaimedJob | null> {
    const now = this.#now().getTime();
    const { Items: candidates = [] } = await this.#client.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :partition AND gsi1sk < :bound',
        ExpressionAttributeValues: {
          ':partition': S(INDEX_PARTITION),
          ':bound': S(String(now + 1).padStart(15, '0')),
        },
        Limit: 25,
      }),
    );
    for (const item of candidates) {
      const jobKey = item.pk!.S!.slice('LOCALJOB#'.length);
      const token = randomUUID();
      const leaseEnd = now + this.#lease * 1000;
      try {
        const { Attributes: claimed } = await this.#client.send(
          new UpdateItemCommand({
            TableName: this.#table,
            Key: this.#key(jobKey),
            UpdateExpression:
              'SET #state = :leased, #token = :token, availableAt = :leaseEnd, gsi1sk = :sk, attempts = attempts + :one',
            ConditionExpression: '#token = :seen AND availableAt <= :now',
            ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
            ExpressionAttributeValues: {
              ':leased': S('leased'),
              ':token': S(token),
              ':leaseEnd': N(leaseEnd),
              ':sk': S(indexKey(leaseEnd, jobKey)),
              ':one': N(1),
              ':seen': S(item.token?.S ?? ''),
              ':now': N(now),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return {
          job: parseCheckJob(claimed!.job!.S!),
          receipt: receiptOf(token, jobKey),
          attempts: Number(claimed!.attempts!.N),
        };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return null;
  }

  /** Deletes a finished job; false when the lease was lost (the job is someone else's now). */
  async complete(receipt: string): Promise<boolean> {
    const { token, jobKey } = parseReceipt(receipt);
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: this.#key(jobKey),
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#token': 'token' },
          ExpressionAttributeValues: { ':token': S(token) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Puts a job back, claimable again after `delaySeconds` (a retry with back-off). */
  async release(receipt: string, delaySeconds = 0): Promise<boolean> {
    const { token, jobKey } = parseReceipt(receipt);
    const availableAt = this.#now().getTime() + Math.max(0, Math.floor(delaySeconds)) * 1000;
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#table,
          Key: this.#key(jobKey),
          UpdateExpression:
            'SET #state = :queued, #token = :next, availableAt = :availableAt, gsi1sk = :sk',
          ConditionExpression: '#token = :token',
          ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
          ExpressionAttributeValues: {
            ':queued': S('queued'),
            ':next': S(randomUUID()),
            ':availableAt': N(availableAt),
            ':sk': S(indexKey(availableAt, jobKey)),
            ':token': S(token),
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Rebuilds the index entry of every job row, read from the table itself: the embedded engine
   * updates a row's index entry by deleting it and putting it again, and a process killed in
   * between leaves a row the index no longer lists, invisible to `claimNext` and `pending`,
   * so its job would never run. Rewriting the row's index keys (conditional on its token, so a
   * claim in between wins) makes the engine put the entry back. Returns how many rows it saw.
   */
  async repairIndex(): Promise<number> {
    let seen = 0;
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: 'begins_with(pk, :prefix)',
          ExpressionAttributeValues: { ':prefix': S('LOCALJOB#') },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const jobKey = item.pk!.S!.slice('LOCALJOB#'.length);
        const availableAt = Number(item.availableAt?.N ?? 0);
        seen++;
        try {
          await this.#client.send(
            new UpdateItemCommand({
              TableName: this.#table,
              Key: this.#key(jobKey),
              UpdateExpression: 'SET gsi1pk = :partition, gsi1sk = :sk',
              ConditionExpression: '#token = :seen',
              ExpressionAttributeNames: { '#token': 'token' },
              ExpressionAttributeValues: {
                ':partition': S(INDEX_PARTITION),
                ':sk': S(indexKey(availableAt, jobKey)),
                ':seen': S(item.token?.S ?? ''),
              },
            }),
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return seen;
  }

  /**
   * Every job not yet completed, queued or leased, in order of availability. After a restart
   * the consumer can see what is waiting, and `release(receipt, 0)` a leased job at once
   * instead of waiting for its dead worker's lease to run out.
   */
  async pending(): Promise<PendingJob[]> {
    const jobs: PendingJob[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :partition',
          ExpressionAttributeValues: { ':partition': S(INDEX_PARTITION) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        jobs.push({
          job: parseCheckJob(item.job!.S!),
          receipt: receiptOf(item.token!.S!, item.pk!.S!.slice('LOCALJOB#'.length)),
          attempts: Number(item.attempts?.N ?? 0),
          state: item.state?.S === 'leased' ? 'leased' : 'queued',
          availableAt: new Date(Number(item.availableAt!.N)),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return jobs;
  }
}
