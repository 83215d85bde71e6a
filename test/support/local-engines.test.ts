import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { startLocalEngines, type LocalEngines } from './local-engines.js';

describe('the local engines the tests run against', () => {
  let engines: LocalEngines;
  beforeAll(async () => {
    engines = await startLocalEngines();
  });
  afterAll(() => engines.close());

  it('dynalite stores and returns an item through the real DynamoDB client', async () => {
    const table = await engines.newTable();
    await engines.dynamo.send(
      new PutItemCommand({
        TableName: table,
        Item: { pk: { S: 'a' }, sk: { S: 'b' }, n: { N: '1' } },
      }),
    );
    const got = await engines.dynamo.send(
      new GetItemCommand({ TableName: table, Key: { pk: { S: 'a' }, sk: { S: 'b' } } }),
    );
    expect(got.Item?.n).toEqual({ N: '1' });
  });

  it('s3rver returns the exact bytes put through the real S3 client', async () => {
    const body = Buffer.from('{"a":1}\n'.repeat(1000));
    await engines.s3.send(
      new PutObjectCommand({ Bucket: engines.bucket, Key: 'x/y.json', Body: body }),
    );
    const got = await engines.s3.send(
      new GetObjectCommand({ Bucket: engines.bucket, Key: 'x/y.json' }),
    );
    const bytes = Buffer.from(await got.Body!.transformToByteArray());
    const hash = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(hash(bytes)).toBe(hash(body));
  });
});
