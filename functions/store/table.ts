import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
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
 * | `SNAPSHOT#<owner>/<name>`   | `SEQ#<seq 10 digits>` / `HEAD` | snapshot-sequence.ts |
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
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
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
}

/** Epoch seconds, the unit of DynamoDB's TTL attribute. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
