import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';

/**
 * One DynamoDB table holds everything the service remembers, so a deployment has one table to
 * back up and one set of permissions. Keys are strings with a kind prefix; each module owns its
 * prefixes:
 *
 * | pk                          | sk                 | owner                        |
 * |-----------------------------|--------------------|------------------------------|
 * | `REPO#<owner>/<name>`       | `COMMIT#<sha>`     | results.ts (one per commit)  |
 * | `REPO#<owner>/<name>`       | `RUN#<sha>`        | check-runs.ts (run per sha)  |
 * | `LATEST`                    | `REPO#<owner>/<name>` | results.ts                |
 * | `DELIVERY#<id>`             | `DELIVERY`         | deliveries.ts (TTL)          |
 * | `COMMITJOB#<owner>/<name>#<sha>` | `JOB`         | deliveries.ts (collapse)     |
 * | `BODY#<sha-256 of the body>` | `BODY`            | replay-guard.ts (TTL)        |
 * | `RERUNS#<scope>#<hour>`     | `RERUNS`           | replay-guard.ts (TTL)        |
 * | `SNAPSHOT#ID#<repository id>` | `SEQ#<seq 10 digits>` / `HEAD` | snapshot-sequence.ts |
 * | `LOCALJOB#<deliveryId>#<owner>/<name>#<sha>` | `JOB` | local-job-queue.ts (gsi1pk `LOCALJOBS`, no TTL) |
 *
 * `gsi1` (gsi1pk, gsi1sk) serves a branch's history newest first, and the local queue's order. `expiresAt` (epoch seconds)
 * is the TTL attribute; DynamoDB deletes expired items lazily, so readers treat an expired item
 * as absent themselves.
 */
export const KEY = { pk: 'pk', sk: 'sk', gsi1pk: 'gsi1pk', gsi1sk: 'gsi1sk' } as const;
export const GSI1 = 'gsi1';
export const TTL_ATTRIBUTE = 'expiresAt';

/** Creates the table where it does not exist yet (local engines and tests; AWS gets it from CDK). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if (await isActive(client, tableName)) return;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: KEY.pk, AttributeType: 'S' },
          { AttributeName: KEY.sk, AttributeType: 'S' },
          { AttributeName: KEY.gsi1pk, AttributeType: 'S' },
          { AttributeName: KEY.gsi1sk, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: KEY.pk, KeyType: 'HASH' },
          { AttributeName: KEY.sk, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: GSI1,
            KeySchema: [
              { AttributeName: KEY.gsi1pk, KeyType: 'HASH' },
              { AttributeName: KEY.gsi1sk, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    // Another process created it first (two servers on one engine): fine, wait for it below.
    if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
  }
  // A table answers queries only once it and its index are ACTIVE (the engine creates them
  // asynchronously, even with no delay configured).
  for (let attempt = 0; !(await isActive(client, tableName)); attempt++) {
    if (attempt >= 200) throw new Error(`DynamoDB table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when the table and every index of it are ACTIVE; false when it does not exist (yet). */
async function isActive(client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return (
      Table?.TableStatus === 'ACTIVE' &&
      (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')
    );
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
}

/** Epoch seconds, the unit of DynamoDB's TTL attribute. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** A string attribute value. */
export const S = (value: string): AttributeValue => ({ S: value });
/** A number attribute value. */
export const N = (value: number): AttributeValue => ({ N: String(value) });

/** A conditional write whose condition did not hold (by name: dynalite's class differs). */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
