import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { createResultsStore, type ResultsStore } from '../../functions/store/results.js';
import { itemSize } from '../../functions/store/attribute-values.js';
import { finding, noise, result, seeded, sha } from './result-fixtures.js';

describe('the results store, against dynalite and s3rver', () => {
  let engines: LocalEngines;
  beforeAll(async () => {
    engines = await startLocalEngines();
  });
  afterAll(() => engines.close());

  async function freshStore(): Promise<{ store: ResultsStore; table: string }> {
    const table = await engines.newTable();
    const store = createResultsStore({
      dynamo: engines.dynamo,
      table,
      s3: engines.s3,
      bucket: engines.bucket,
      overflowPrefix: `${table}/`,
    });
    return { store, table };
  }

  async function rawItem(table: string, repo: string, commit: string) {
    const got = await engines.dynamo.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: `REPO#${repo}` }, sk: { S: `COMMIT#${commit}` } },
      }),
    );
    return got.Item;
  }

  /** Findings long and varied enough that even gzipped they do not fit in an item. */
  function hugeResult() {
    const random = seeded(7);
    const findings = Array.from({ length: 3000 }, (_, i) => finding(i, noise(random, 300)));
    return result({ sha: sha(0xb16), findings });
  }

  it('reads back a small result exactly, with its details inline in the item', async () => {
    const { store, table } = await freshStore();
    const stored = result();
    await store.putResult(stored);
    expect(await store.getResult(stored.repo, stored.sha)).toEqual(stored);
    const item = await rawItem(table, stored.repo, stored.sha);
    expect(item?.details?.B).toBeInstanceOf(Uint8Array);
    expect(item?.overflow).toBeUndefined();
    expect(await store.getResult(stored.repo, sha(999))).toBeNull();
  });

  it('moves details of a result over 400 KB to S3 and reads them back deep-equal', async () => {
    const { store, table } = await freshStore();
    const stored = hugeResult();
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeGreaterThan(400 * 1024);
    await store.putResult(stored);

    const item = await rawItem(table, stored.repo, stored.sha);
    expect(item?.details).toBeUndefined();
    const key = item?.overflow?.M?.key?.S;
    expect(key).toBe(`${table}/${stored.repo}/${stored.sha}.json.gz`);
    // JSON of an attribute map is larger than DynamoDB's count, so this bounds the real size.
    expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(400 * 1024);
    expect(itemSize(item!)).toBeLessThan(400 * 1024);

    const object = await engines.s3.send(
      new GetObjectCommand({ Bucket: engines.bucket, Key: key }),
    );
    expect((await object.Body!.transformToByteArray()).byteLength).toBeGreaterThan(350 * 1024);
    expect(await store.getResult(stored.repo, stored.sha)).toEqual(stored);
  });

  it('detects an overflow object changed behind its back, naming the key', async () => {
    const { store, table } = await freshStore();
    const stored = hugeResult();
    await store.putResult(stored);
    const key = `${table}/${stored.repo}/${stored.sha}.json.gz`;
    const forged = gzipSync(JSON.stringify({ findings: [], thirdParties: [] }));
    await engines.s3.send(new PutObjectCommand({ Bucket: engines.bucket, Key: key, Body: forged }));
    await expect(store.getResult(stored.repo, stored.sha)).rejects.toThrow(key);
  });

  it('keeps one item and one history entry when the same commit is stored twice', async () => {
    const { store, table } = await freshStore();
    const first = result({ minute: 1 });
    await store.putResult(first);
    const retried = { ...result({ minute: 5 }), sha: first.sha, deliveryId: 'retry' };
    await store.putResult(retried);

    const page = await store.history(first.repo, 'main');
    expect(page.items.map((s) => [s.sha, s.deliveryId])).toEqual([[first.sha, 'retry']]);
    const all = await engines.dynamo.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `REPO#${first.repo}` } },
      }),
    );
    expect(all.Count).toBe(1);
    expect(await store.getResult(first.repo, first.sha)).toEqual(retried);
  });

  it('pages a branch history newest first, leaving out other branches and ref-less results', async () => {
    const { store } = await freshStore();
    const minutes = [4, 0, 6, 2, 5, 1, 3];
    for (const minute of minutes) await store.putResult(result({ minute }));
    await store.putResult(result({ minute: 30, ref: 'refs/heads/feature' }));
    await store.putResult(result({ minute: 31, ref: null }));
    await store.putResult(result({ minute: 32, ref: 'refs/tags/v1' }));

    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.history('acme/privacy-docs', 'main', { limit: 3, cursor });
      sizes.push(page.items.length);
      for (const summary of page.items) {
        expect(summary).not.toHaveProperty('findings');
        expect(summary).not.toHaveProperty('thirdParties');
        seen.push(summary.timings.completedAt);
      }
      cursor = page.cursor;
    } while (cursor !== null);

    expect(sizes).toEqual([3, 3, 1]);
    const expected = [6, 5, 4, 3, 2, 1, 0].map((m) => result({ minute: m }).timings.completedAt);
    expect(seen).toEqual(expected);
    const feature = await store.history('acme/privacy-docs', 'feature');
    expect(feature.items.map((s) => s.sha)).toEqual([sha(31)]);
  });

  it('keeps one latest row per repository, never replaced by an older result', async () => {
    const { store } = await freshStore();
    const newer = result({ minute: 10 });
    await store.putResult(newer);
    await store.putResult(result({ minute: 2 }));
    const other = result({ repo: 'acme/website', minute: 1 });
    await store.putResult(other);

    const first = await store.latestPerRepository({ limit: 1 });
    expect(first.cursor).not.toBeNull();
    const rest = await store.latestPerRepository({ cursor: first.cursor });
    const items = [...first.items, ...rest.items];
    expect(items.map((s) => [s.repo, s.sha])).toEqual([
      ['acme/privacy-docs', newer.sha],
      ['acme/website', other.sha],
    ]);
    expect(items[0]).toEqual(
      Object.fromEntries(
        Object.entries(newer).filter(([k]) => k !== 'findings' && k !== 'thirdParties'),
      ),
    );

    const newest = result({ minute: 20 });
    await store.putResult(newest);
    const after = await store.latestPerRepository();
    expect(after.items.map((s) => s.sha)).toEqual([newest.sha, other.sha]);
  });

  it('rejects bad repositories, shas, branches and cursors before they become keys', async () => {
    const { store } = await freshStore();
    const good = result();
    await expect(store.putResult({ ...good, repo: 'acme' })).rejects.toThrow(/owner\/name/);
    await expect(store.putResult({ ...good, repo: 'ac#me/x' })).rejects.toThrow(/owner "ac#me"/);
    await expect(store.getResult('acme/..', good.sha)).rejects.toThrow(/name "\.\."/);
    await expect(store.getResult('acme/a/b', good.sha)).rejects.toThrow(/one "\/"/);
    await expect(store.getResult('acme/x y', good.sha)).rejects.toThrow(/name "x y"/);
    await expect(store.getResult('a'.repeat(40) + '/x', good.sha)).rejects.toThrow(/owner/);
    await expect(store.getResult(good.repo, 'abc')).rejects.toThrow(/sha "abc"/);
    await expect(store.putResult({ ...good, sha: 'A'.repeat(40) })).rejects.toThrow(/sha/);
    await expect(store.history('acme/../x', 'main')).rejects.toThrow(/one "\/"/);
    await expect(store.history(good.repo, '')).rejects.toThrow(/branch/);
    await expect(store.history(good.repo, 'main', { cursor: 'not-a-cursor' })).rejects.toThrow(
      /cursor/,
    );
    await store.putResult(result({ minute: 1 }));
    await store.putResult(result({ minute: 2 }));
    const { cursor } = await store.history(good.repo, 'main', { limit: 1 });
    await expect(store.history(good.repo, 'other', { cursor })).rejects.toThrow(/cursor/);
    await expect(store.latestPerRepository({ cursor })).rejects.toThrow(/cursor/);
  });
});

describe('itemSize', () => {
  it('counts names and values as DynamoDB does', () => {
    expect(itemSize({ pk: { S: 'abc' } })).toBe(5);
    expect(itemSize({ b: { B: new Uint8Array(10) } })).toBe(11);
    expect(itemSize({ n: { N: '123456' } })).toBe(1 + 4);
    expect(itemSize({ x: { NULL: true }, y: { BOOL: false } })).toBe(4);
    expect(itemSize({ é: { S: 'é' } })).toBe(4);
    expect(itemSize({ m: { M: { a: { S: 'xy' } } } })).toBe(1 + 3 + 3 + 1);
    expect(itemSize({ l: { L: [{ S: 'xy' }, { S: 'z' }] } })).toBe(1 + 3 + 3 + 2);
  });
});
