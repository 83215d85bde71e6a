import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
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
}

export type ClaimOutcome = { kind: 'claimed' } | { kind: 'existing'; record: RunRecord };

export interface CheckRunStore {
  claim(repo: string, sha: string, now: Date, leaseSeconds: number): Promise<ClaimOutcome>;
  get(repo: string, sha: string): Promise<RunRecord | null>;
  started(
    repo: string,
    sha: string,
    checkRunId: number,
    deliveryId: string,
    now: Date,
  ): Promise<void>;
  /** Marks the run completed; `context`, when given, is added to the contexts judged. */
  completed(repo: string, sha: string, conclusion: string, context: string | null): Promise<void>;
}

export function createCheckRunStore(options: {
  dynamo: DynamoDBClient;
  table: string;
}): CheckRunStore {
  const { dynamo, table } = options;
  const key = (repo: string, sha: string): Record<string, AttributeValue> => ({
    pk: { S: `REPO#${repo}` },
    sk: { S: `RUN#${sha}` },
  });
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
    };
  };
  return {
    get,
    async claim(repo, sha, now, leaseSeconds) {
      try {
        await dynamo.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              ...key(repo, sha),
              state: { S: 'creating' },
              leaseUntil: { N: String(epochSeconds(now) + leaseSeconds) },
            },
            ConditionExpression:
              'attribute_not_exists(pk) OR (#state = :creating AND leaseUntil < :now)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':creating': { S: 'creating' },
              ':now': { N: String(epochSeconds(now)) },
            },
          }),
        );
        return { kind: 'claimed' };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // dynalite does not return the item with the failure: read it back.
        const record = await get(repo, sha);
        if (!record) return this.claim(repo, sha, now, leaseSeconds);
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
    async completed(repo, sha, conclusion, context) {
      await dynamo.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key(repo, sha),
          UpdateExpression: `SET #state = :state, conclusion = :conclusion${context ? ' ADD contexts :context' : ''}`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': { S: 'completed' },
            ':conclusion': { S: conclusion },
            ...(context ? { ':context': { SS: [context] } } : {}),
          },
        }),
      );
    },
  };
}
