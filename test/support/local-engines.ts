import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { startDynalite, startS3rver } from '../../functions/local/embedded-engines.js';
import { dynamoClient, s3Client } from '../../functions/service/aws-clients.js';
import { ensureTable } from '../../functions/store/table.js';

/**
 * Real engines for a test file: dynalite (DynamoDB) and s3rver (S3) on 127.0.0.1, each test
 * file its own instances and its own temporary folder, the real SDK clients pointed at them.
 * Call in `beforeAll`, and `close` in `afterAll`.
 */
export interface LocalEngines {
  dynamo: DynamoDBClient;
  s3: S3Client;
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** A fresh table per call, so tests in one file do not see each other's items. */
  newTable(): Promise<string>;
  bucket: string;
  close(): Promise<void>;
}

export async function startLocalEngines(): Promise<LocalEngines> {
  const folder = mkdtempSync(join(tmpdir(), 'policy-check-engines-'));
  const bucket = 'snapshots';
  const [dynalite, s3rver] = await Promise.all([
    startDynalite(),
    startS3rver(join(folder, 's3'), [bucket]),
  ]);
  const dynamo = dynamoClient(dynalite.endpoint);
  const s3 = s3Client(s3rver.endpoint);
  return {
    dynamo,
    s3,
    dynamoEndpoint: dynalite.endpoint,
    s3Endpoint: s3rver.endpoint,
    bucket,
    async newTable() {
      const name = `results-${randomUUID().slice(0, 8)}`;
      await ensureTable(dynamo, name);
      return name;
    },
    async close() {
      dynamo.destroy();
      s3.destroy();
      await Promise.all([dynalite.close(), s3rver.close()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
