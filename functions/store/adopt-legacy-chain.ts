import {
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { assertRepo } from './key-parts.js';
import { snapshotSequencePk } from './snapshot-sequence.js';
import { KEY } from './table.js';

/**
 * Moves a chain claimed before chains were keyed by repository id (`SNAPSHOT#<owner>/<name>`)
 * to its repository's id, once, so the next snapshot follows the last one published under the
 * name instead of starting a second chain that overwrites `1.json`. Those snapshots name no id:
 * the name is all that ties them to the repository. Returns the claims copied (0 when the id's
 * chain already exists or there was nothing to adopt). Conditional puts: publishers racing to
 * adopt write the same items once each.
 */
export async function adoptLegacyChain(
  options: { dynamo: DynamoDBClient; table: string },
  chain: number,
  repo: string,
): Promise<number> {
  const { dynamo, table } = options;
  const to = snapshotSequencePk(chain);
  const existing = await dynamo.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': KEY.pk },
      ExpressionAttributeValues: { ':pk': { S: to } },
      Limit: 1,
      ConsistentRead: true,
    }),
  );
  if ((existing.Items ?? []).length > 0) return 0;
  let copied = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': KEY.pk },
        ExpressionAttributeValues: { ':pk': { S: `SNAPSHOT#${assertRepo(repo)}` } },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const copy = { ...item, [KEY.pk]: { S: to }, repository: item.repository ?? { S: repo } };
      try {
        await dynamo.send(
          new PutItemCommand({
            TableName: table,
            Item: copy,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': KEY.pk },
          }),
        );
        copied++;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return copied;
}
