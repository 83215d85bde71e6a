import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultsStore } from '../../functions/store/results.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { EXAMPLES, sha, storedResult } from './support.js';

let engines: LocalEngines;
let table: string;

beforeAll(async () => {
  engines = await startLocalEngines();
  table = await engines.newTable();
  // The handler reads the same variables as a deployment (each test file runs in its own worker).
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: engines.dynamoEndpoint,
    S3_ENDPOINT: engines.s3Endpoint,
    RESULTS_TABLE: table,
    SNAPSHOT_BUCKET: engines.bucket,
    POLICY_CHECKER_DATA_DIR: mkdtempSync(join(tmpdir(), 'publish-handler-')),
    PUBLIC_BASE_URL: 'https://trust.example.com',
  });
  delete process.env.SIGNING_KEY;
});
afterAll(() => engines.close());

describe('the publish Lambda handler', () => {
  it('publishes the stored result of a commit, signed with the key under the data dir', async () => {
    const results = createResultsStore({
      dynamo: engines.dynamo,
      table,
      s3: engines.s3,
      bucket: engines.bucket,
    });
    await results.putResult(storedResult(EXAMPLES, sha(1), 'acme/site'));
    const { handler } = await import('../../functions/handlers/publish.js');
    expect(await handler({ repo: 'acme/site', repoId: 7, sha: sha(1) })).toMatchObject({
      status: 'published',
      sequence: 1,
      url: 'https://trust.example.com/snapshots/acme/site/1.json',
      latest: true,
    });
    expect(
      await handler({ pk: 'REPO#acme/site', sk: `COMMIT#${sha(1)}`, repoId: 7 }),
    ).toMatchObject({
      status: 'published',
      sequence: 1,
      resumed: true,
    });
    expect(await handler({ repo: 'acme/site', repoId: 7, sha: sha(2) })).toMatchObject({
      status: 'refused',
      reason: 'no-result',
    });
    await expect(handler({ repo: 'acme/site', sha: 'HEAD' })).rejects.toThrow(/commit sha/);
  });

  it('consumes an SQS batch from the check function, failing only the bad record', async () => {
    const results = createResultsStore({
      dynamo: engines.dynamo,
      table,
      s3: engines.s3,
      bucket: engines.bucket,
    });
    await results.putResult(storedResult(EXAMPLES, sha(3), 'acme/other'));
    const { handler } = await import('../../functions/handlers/publish.js');
    const record = (messageId: string, body: unknown) => ({
      messageId,
      body: JSON.stringify(body),
      receiptHandle: `r-${messageId}`,
    });
    const answer = await handler({
      Records: [
        record('good', {
          repo: 'acme/other',
          repoId: 8,
          sha: sha(3),
          headSha: sha(3),
          onFailure: 'publish',
        }),
        record('bad', { repo: 'acme/other', sha: 'not-a-sha' }),
      ],
    });
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
    const latest = await fetch(
      `${engines.s3Endpoint}/${engines.bucket}/snapshots/acme/other/latest.json`,
    );
    expect(latest.status).toBe(200);
  });
});
