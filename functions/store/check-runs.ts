import {
  ConditionalCheckFailedException,
  GetItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { assertRepo, assertSha } from './key-parts.js';
import { epochSeconds } from './table.js';

/**
 * One "Policy compliance" check run per (repository, commit): the record that makes every job
 * for a commit update the same run. Creating a run is claimed first, with a lease, so two jobs
 * racing for one commit never create two runs; a claimant that died leaves a lease that expires.
 */
export type RunState = 'creating' | 'in_progress' | 'completed';

export interface RunRecord {
  repo: string;
  sha: string;
  checkRunId: number | null;
  state: RunState;
  /**
   * The contexts the run has been judged in (`pr:<number>`, `default-branch`, `push`): a job
   * that brings a new one (a PR opened after the push, the commit reaching the default branch,
   * which publishes) runs the same run again.
   */
  contexts: string[];
  conclusion: string | null;
  /** Epoch seconds until which a `creating` claim holds. */
  leaseUntil: number;
  /** The delivery whose job runs (or last ran) the check, and since when (epoch seconds). */
  deliveryId: string | null;
  startedAt: number;
  /**
   * Set while a default-branch verdict is stored but its snapshot not yet published (JSON the
   * check function reads back): a retry publishes it instead of checking the commit again.
   */
  publishPending: string | null;
  /**
   * Set when the job's attempt failed after its run existed and the run was completed with the
   * error: the record stays the job's (`in_progress`, its delivery), so the queue's retry
   * finishes that run instead of opening a second. `annotated`: some annotations had reached
   * the run, which GitHub cannot take back, so a retry needs a fresh run.
   */
  crashReported: 'clean' | 'annotated' | null;
}

export type ClaimOutcome =
  /** `tookOver`: an earlier claimant's lease ran out, so it may have created a run already. */
  { kind: 'claimed'; tookOver: boolean } | { kind: 'existing'; record: RunRecord };

export interface CheckRunStore {
  /**
   * Claims creating the commit's run for `deliveryId`'s job. A claim still held by the same
   * delivery is an earlier attempt of this job, which the queue hands out only once that
   * attempt has ended: it is taken over at once.
   */
  claim(
    repo: string,
    sha: string,
    now: Date,
    leaseSeconds: number,
    deliveryId: string,
  ): Promise<ClaimOutcome>;
  /**
   * Claims the commit's next run, for a job that brings a new verdict to a commit whose run is
   * completed, or takes over from a job that has run for too long: conditional on the record
   * being as the job read it (`seenState`, `seenRunId`), so of two jobs that read the same
   * record one opens the next run and the other finds it. False when another job was first.
   */
  claimNext(
    repo: string,
    sha: string,
    now: Date,
    leaseSeconds: number,
    deliveryId: string,
    seenState: RunState,
    seenRunId: number | null,
  ): Promise<boolean>;
  get(repo: string, sha: string): Promise<RunRecord | null>;
  started(
    repo: string,
    sha: string,
    checkRunId: number,
    deliveryId: string,
    now: Date,
  ): Promise<void>;
  /**
   * Marks the run completed; `context`, when given, is added to the contexts judged and ends a
   * pending publish; `publishPending` records one.
   */
  completed(
    repo: string,
    sha: string,
    conclusion: string,
    context: string | null,
    publishPending?: string,
  ): Promise<void>;
  /**
   * The job's run was completed with its crash: the record stays the job's, so its retry
   * finishes the same run (see `RunRecord.crashReported`). Only the delivery's own record.
   */
  crashReported(repo: string, sha: string, deliveryId: string, annotated: boolean): Promise<void>;
  /** Gives up this claim to create the run at once, so a retry need not wait out its lease. */
  abandonClaim(repo: string, sha: string): Promise<void>;
  /**
   * Ends every claim to create a run: for a process that is the table's only worker, after a
   * restart, when every such claim belongs to a process that died. Returns how many.
   */
  expireCreatingClaims(): Promise<number>;
}

/** The run record's key; repo and sha are checked (key-parts.ts) before they become a key. */
export const checkRunKey = (repo: string, sha: string): Record<string, AttributeValue> => ({
  pk: { S: `REPO#${assertRepo(repo)}` },
  sk: { S: `RUN#${assertSha(sha)}` },
});

export function createCheckRunStore(options: {
  dynamo: DynamoDBClient;
  table: string;
}): CheckRunStore {
  const { dynamo, table } = options;
  const key = checkRunKey;
  const get = async (repo: string, sha: string): Promise<RunRecord | null> => {
    const { Item } = await dynamo.send(
      new GetItemCommand({ TableName: table, Key: key(repo, sha), ConsistentRead: true }),
    );
    if (!Item) return null;
    return {
      repo,
      sha,
      checkRunId: Item.checkRunId?.N ? Number(Item.checkRunId.N) : null,
      state: (Item.state?.S ?? 'creating') as RunState,
      contexts: Item.contexts?.SS ?? [],
      conclusion: Item.conclusion?.S ?? null,
      leaseUntil: Number(Item.leaseUntil?.N ?? 0),
      deliveryId: Item.deliveryId?.S ?? null,
      startedAt: Number(Item.startedAt?.N ?? 0),
      publishPending: Item.publishPending?.S ?? null,
      crashReported: (Item.crashReported?.S ?? null) as RunRecord['crashReported'],
    };
  };
  return {
    get,
    async claim(repo, sha, now, leaseSeconds, deliveryId) {
      try {
        // An update, not a put: a claim taken over keeps what the record knows (the contexts
        // judged, a pending publish).
        const { Attributes } = await dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: key(repo, sha),
            UpdateExpression: 'SET #state = :creating, leaseUntil = :lease, deliveryId = :delivery',
            ReturnValues: 'ALL_OLD',
            ConditionExpression:
              'attribute_not_exists(pk) OR (#state = :creating AND (leaseUntil < :now OR deliveryId = :delivery))',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':creating': { S: 'creating' },
              ':lease': { N: String(epochSeconds(now) + leaseSeconds) },
              ':now': { N: String(epochSeconds(now)) },
              ':delivery': { S: deliveryId },
            },
          }),
        );
        return { kind: 'claimed', tookOver: Attributes !== undefined };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // dynalite does not return the item with the failure: read it back.
        const record = await get(repo, sha);
        if (!record) return this.claim(repo, sha, now, leaseSeconds, deliveryId);
        return { kind: 'existing', record };
      }
    },
    async claimNext(repo, sha, now, leaseSeconds, deliveryId, seenState, seenRunId) {
      try {
        await dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: key(repo, sha),
            UpdateExpression: 'SET #state = :creating, leaseUntil = :lease, deliveryId = :delivery',
            ConditionExpression:
              seenRunId === null
                ? '#state = :seenState AND attribute_not_exists(checkRunId)'
                : '#state = :seenState AND checkRunId = :seen',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':creating': { S: 'creating' },
              ':seenState': { S: seenState },
              ':lease': { N: String(epochSeconds(now) + leaseSeconds) },
              ':delivery': { S: deliveryId },
              ...(seenRunId === null ? {} : { ':seen': { N: String(seenRunId) } }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async started(repo, sha, checkRunId, deliveryId, now) {
      await dynamo.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(repo, sha),
          UpdateExpression:
            'SET checkRunId = :id, #state = :state, deliveryId = :delivery, startedAt = :at REMOVE crashReported',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':id': { N: String(checkRunId) },
            ':state': { S: 'in_progress' },
            ':delivery': { S: deliveryId },
            ':at': { N: String(epochSeconds(now)) },
          },
        }),
      );
    },
    async completed(repo, sha, conclusion, context, publishPending) {
      const set = ['#state = :state', 'conclusion = :conclusion'];
      if (publishPending !== undefined) set.push('publishPending = :pending');
      await dynamo.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(repo, sha),
          UpdateExpression:
            `SET ${set.join(', ')}` +
            (context
              ? ' ADD contexts :context REMOVE crashReported, publishPending'
              : ' REMOVE crashReported'),
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': { S: 'completed' },
            ':conclusion': { S: conclusion },
            ...(context ? { ':context': { SS: [context] } } : {}),
            ...(publishPending !== undefined ? { ':pending': { S: publishPending } } : {}),
          },
        }),
      );
    },
    async crashReported(repo, sha, deliveryId, annotated) {
      try {
        await dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: key(repo, sha),
            UpdateExpression: 'SET crashReported = :how',
            ConditionExpression: '#state = :running AND deliveryId = :delivery',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':how': { S: annotated ? 'annotated' : 'clean' },
              ':running': { S: 'in_progress' },
              ':delivery': { S: deliveryId },
            },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async abandonClaim(repo, sha) {
      try {
        await dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: key(repo, sha),
            UpdateExpression: 'SET leaseUntil = :zero',
            ConditionExpression: '#state = :creating',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':zero': { N: '0' }, ':creating': { S: 'creating' } },
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    async expireCreatingClaims() {
      let expired = 0;
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamo.send(
          new ScanCommand({
            TableName: table,
            FilterExpression: 'begins_with(sk, :run) AND #state = :creating',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':run': { S: 'RUN#' }, ':creating': { S: 'creating' } },
            ProjectionExpression: 'pk, sk',
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          const repo = item.pk!.S!.slice('REPO#'.length);
          const sha = item.sk!.S!.slice('RUN#'.length);
          await this.abandonClaim(repo, sha);
          expired++;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return expired;
    },
  };
}
