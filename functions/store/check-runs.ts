import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
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
    };
  };
  return {
    get,
    async claim(repo, sha, now, leaseSeconds, deliveryId) {
      try {
        const { Attributes } = await dynamo.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              ...key(repo, sha),
              state: { S: 'creating' },
              leaseUntil: { N: String(epochSeconds(now) + leaseSeconds) },
              deliveryId: { S: deliveryId },
            },
            ReturnValues: 'ALL_OLD',
            ConditionExpression:
              'attribute_not_exists(pk) OR (#state = :creating AND (leaseUntil < :now OR deliveryId = :delivery))',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':creating': { S: 'creating' },
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
    async started(repo, sha, checkRunId, deliveryId, now) {
      await dynamo.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(repo, sha),
          UpdateExpression:
            'SET checkRunId = :id, #state = :state, deliveryId = :delivery, startedAt = :at',
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
            (context ? ' ADD contexts :context REMOVE publishPending' : ''),
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
