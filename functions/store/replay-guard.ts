import {
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { repoKey, type CheckJob } from '../jobs/check-job.js';
import { checkRunKey } from './check-runs.js';
import { assertDeliveryId, assertRepo, assertSha } from './key-parts.js';
import { epochSeconds, isConditionFailure, N, S } from './table.js';

/**
 * What stops a captured delivery from being replayed: the delivery id is an unsigned header,
 * so a body signed once by GitHub could be sent again under any number of new ids.
 *
 * `BODY#<sha-256 of the signed body>` / `BODY`: the first delivery that brought that body
 * (`deliveryId`), for a week (`expiresAt`). GitHub's own redelivery keeps the delivery id, so
 * it passes; the same bytes under another id are a replay.
 *
 * `RERUNS#<scope>#<hour>` / `RERUNS`: how many re-runs a commit (`<owner>/<name>#<sha>`) or an
 * installation (`installation-<id>`) was granted in that UTC hour (`n`), gone after two hours.
 */
export const REPLAY_WINDOW_SECONDS = 7 * 24 * 3600;
/** A person re-running a commit's check: a few times an hour; a script replaying it: more. */
export const RERUNS_PER_COMMIT_HOUR = 6;
/** Every re-run of one installation's repositories in an hour. */
export const RERUNS_PER_INSTALLATION_HOUR = 120;

/** The record of the first delivery that brought a signed body (also the infra's IAM tests). */
export const bodyKey = (digest: string): Record<string, AttributeValue> => ({
  pk: S(`BODY#${digest}`),
  sk: S('BODY'),
});

/** The re-run counter of a scope (a commit, or an installation) in one UTC hour. */
export const rerunsKey = (scope: string, hour: number): Record<string, AttributeValue> => ({
  pk: S(`RERUNS#${scope}#${hour}`),
  sk: S('RERUNS'),
});

/**
 * Records that `deliveryId` brought the body with this digest; returns the earlier delivery's
 * id when another delivery brought it first (a replay), else null.
 */
export async function claimBody(
  client: DynamoDBClient,
  table: string,
  digest: string,
  deliveryId: string,
  now: Date,
): Promise<string | null> {
  if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`replay guard: "${digest}" is not a SHA-256`);
  const key = bodyKey(digest);
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          ...key,
          deliveryId: S(assertDeliveryId(deliveryId)),
          expiresAt: N(epochSeconds(now) + REPLAY_WINDOW_SECONDS),
        },
        ConditionExpression:
          'attribute_not_exists(pk) OR expiresAt < :now OR deliveryId = :delivery',
        ExpressionAttributeValues: { ':now': N(epochSeconds(now)), ':delivery': S(deliveryId) },
      }),
    );
    return null;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await client.send(
    new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }),
  );
  return Item?.deliveryId?.S ?? 'an earlier delivery';
}

/**
 * Whether a re-run may be queued, or why not: a `check_run.rerequested` must name the run the
 * commit's record holds (a replayed request for an older run is refused), and each commit and
 * installation gets a bounded number of re-runs an hour.
 */
export async function admitRerun(
  client: DynamoDBClient,
  table: string,
  job: CheckJob,
  askedRunId: number | null,
  now: Date,
): Promise<string | null> {
  const repo = assertRepo(repoKey(job.repo));
  const sha = assertSha(job.sha);
  if (askedRunId !== null) {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: table, Key: checkRunKey(repo, sha), ConsistentRead: true }),
    );
    const current = Item?.checkRunId?.N ? Number(Item.checkRunId.N) : null;
    if (current !== askedRunId)
      return current === null
        ? `run ${askedRunId} is not a run of this service for ${sha.slice(0, 7)}`
        : `run ${askedRunId} is not ${sha.slice(0, 7)}'s current run (${current}); re-run that one`;
  }
  const hour = Math.floor(epochSeconds(now) / 3600);
  const limits: [string, number, string][] = [
    [`${repo}#${sha}`, RERUNS_PER_COMMIT_HOUR, `this commit`],
    [`installation-${job.installationId}`, RERUNS_PER_INSTALLATION_HOUR, 'this installation'],
  ];
  for (const [scope, limit, what] of limits) {
    try {
      await client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: rerunsKey(scope, hour),
          UpdateExpression: 'ADD n :one SET expiresAt = :expires',
          ConditionExpression: 'attribute_not_exists(n) OR n < :limit',
          ExpressionAttributeValues: {
            ':one': N(1),
            ':limit': N(limit),
            ':expires': N((hour + 2) * 3600),
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return `${what} was re-run ${limit} times this hour; try again after ${new Date((hour + 1) * 3600 * 1000).toISOString().slice(11, 16)} UTC`;
    }
  }
  return null;
}
