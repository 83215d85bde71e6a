import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseXml, validate as validateXml } from 'fast-xml-parser';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { sha256Hex } from '../../functions/snapshot/canonical.js';
import { openLocalSigner } from '../../functions/snapshot/local-signer.js';
import { publishCommit } from '../../functions/snapshot/publish-commit.js';
import {
  publishSnapshot,
  type PublisherDeps,
  type PublishOutcome,
} from '../../functions/snapshot/publish-snapshot.js';
import type { Signer } from '../../functions/snapshot/signer.js';
import type { Snapshot } from '../../functions/snapshot/snapshot.js';
import type { LatestPointer, SnapshotIndex } from '../../functions/snapshot/snapshot-index.js';
import { verifySnapshot } from '../../functions/snapshot/verify-snapshot.js';
import { createSnapshotSequence } from '../../functions/store/snapshot-sequence.js';
import type { StoredResult } from '../../functions/store/stored-result.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { editedYaml, EXAMPLES, idOf, opensslVerifies, sha, storedResult } from './support.js';

const REPO = 'northwind/privacy';
const PREFIX = `snapshots/${REPO}/`;
const BASE = 'https://trust.northwind.example';
const aliasIndex = buildAliasIndex(loadRulePack().aliases);

let engines: LocalEngines;
let signer: Signer;

beforeAll(async () => {
  engines = await startLocalEngines();
  signer = openLocalSigner(join(mkdtempSync(join(tmpdir(), 'publish-key-')), 'key.pem'));
});
afterAll(() => engines.close());

async function deps(overrides: Partial<PublisherDeps> = {}): Promise<PublisherDeps> {
  return {
    dynamo: engines.dynamo,
    table: await engines.newTable(),
    s3: engines.s3,
    bucket: engines.bucket,
    signer,
    baseUrl: BASE,
    aliasIndex,
    ...overrides,
  };
}

/** A bucket prefix per test: each test publishes a repository of its own. */
let repoCounter = 0;
const freshRepo = (): string => `northwind/privacy-${++repoCounter}`;

async function getObject(key: string): Promise<Buffer | null> {
  try {
    const answer = await engines.s3.send(
      new GetObjectCommand({ Bucket: engines.bucket, Key: key }),
    );
    return Buffer.from(await answer.Body!.transformToByteArray());
  } catch {
    return null;
  }
}
const getJson = async <T>(key: string): Promise<T> =>
  JSON.parse((await getObject(key))!.toString('utf8')) as T;

const publish = (
  d: PublisherDeps,
  result: StoredResult,
  isCurrentHead: (sha: string) => boolean = () => true,
): Promise<PublishOutcome> =>
  publishSnapshot(d, { source: result, repositoryId: idOf(result.repo), isCurrentHead });

function published(outcome: PublishOutcome): Extract<PublishOutcome, { status: 'published' }> {
  if (outcome.status !== 'published') throw new Error(`not published: ${outcome.message}`);
  return outcome;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ENTITIES[name]!);

/** Counts the commands each real client sends, by name. */
function countCalls(client: { middlewareStack: S3Client['middlewareStack'] }): {
  counts: Record<string, number>;
  stop(): void;
} {
  const counts: Record<string, number> = {};
  const name = `count-${Math.random()}`;
  client.middlewareStack.add(
    (next, context) => (args) => {
      counts[context.commandName ?? '?'] = (counts[context.commandName ?? '?'] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { counts, stop: () => client.middlewareStack.remove(name) };
}

describe('publishing a snapshot to S3, chained in DynamoDB', () => {
  it('writes the snapshot, its signature and the folder with the right headers, in order', async () => {
    const d = await deps();
    const outcome = published(await publish(d, storedResult(EXAMPLES, sha(1), REPO)));
    expect(outcome).toMatchObject({ sequence: 1, resumed: false, attempts: 1, latest: true });
    expect(outcome.url).toBe(`${BASE}/${PREFIX}1.json`);

    const bytes = (await getObject(`${PREFIX}1.json`))!;
    expect(sha256Hex(bytes)).toBe(outcome.sha256);
    const signature = (await getObject(`${PREFIX}1.json.sig`))!;
    const pem = (await getObject(`${PREFIX}public-key.pem`))!.toString('utf8');
    expect(pem).toBe(await signer.publicKeyPem());
    const check = verifySnapshot({
      bytes,
      signature,
      keys: [{ keyId: signer.keyId, publicKeyPem: pem }],
      expected: { repository: REPO, url: outcome.url, acceptV1: false },
      predecessors: [],
      seen: null,
    });
    expect(check.ok).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'publish-openssl-'));
    writeFileSync(join(dir, '1.json'), bytes);
    writeFileSync(join(dir, '1.json.sig'), signature);
    writeFileSync(join(dir, 'public-key.pem'), pem);
    expect(
      await opensslVerifies(
        join(dir, 'public-key.pem'),
        join(dir, '1.json.sig'),
        join(dir, '1.json'),
      ),
    ).toBe(true);

    expect(await getJson<LatestPointer>(`${PREFIX}latest.json`)).toMatchObject({
      sequence: 1,
      sha256: outcome.sha256,
      commit: sha(1),
      url: `${BASE}/${PREFIX}1.json`,
      signatureUrl: `${BASE}/${PREFIX}1.json.sig`,
    });
    expect(await getJson(`${PREFIX}keys.json`)).toEqual({
      version: 1,
      keys: [
        {
          keyId: signer.keyId,
          algorithm: 'ECDSA_P256_SHA256',
          publicKeyPem: pem,
          notBefore: (JSON.parse(bytes.toString()) as Snapshot).publishedAt,
          notAfter: null,
        },
      ],
      rotations: [],
    });

    const headers = async (file: string): Promise<[string?, string?]> => {
      const head = await engines.s3.send(
        new HeadObjectCommand({ Bucket: engines.bucket, Key: PREFIX + file }),
      );
      return [head.ContentType, head.CacheControl];
    };
    expect(await headers('1.json')).toEqual([
      'application/json',
      'public, max-age=31536000, immutable',
    ]);
    expect(await headers('1.json.sig')).toEqual([
      'application/octet-stream',
      'public, max-age=31536000, immutable',
    ]);
    expect(await headers('latest.json')).toEqual(['application/json', 'no-cache']);
    expect(await headers('index.json')).toEqual(['application/json', 'no-cache']);
    expect(await headers('feed.atom')).toEqual(['application/atom+xml; charset=utf-8', 'no-cache']);
    expect(await headers('public-key.pem')).toEqual(['application/x-pem-file', 'no-cache']);
  });

  it('chains the next commit to it and puts the changes in the snapshot and the Atom feed', async () => {
    const d = await deps();
    const repo = freshRepo();
    const prefix = `snapshots/${repo}/`;
    const one = published(await publish(d, storedResult(EXAMPLES, sha(1), repo)));
    const two = published(
      await publish(d, storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo)),
    );
    const snapshot = await getJson<Snapshot>(`${prefix}2.json`);
    expect(snapshot.previousSha256).toBe(one.sha256);
    expect(snapshot.changes.added.map((p) => p.name)).toEqual(['Intercom']);

    const index = await getJson<SnapshotIndex>(`${prefix}index.json`);
    expect(index.latest).toBe(2);
    expect(index.snapshots.map((s) => [s.sequence, s.sha256, s.listChanged])).toEqual([
      [1, one.sha256, true],
      [2, two.sha256, true],
    ]);

    const xml = (await getObject(`${prefix}feed.atom`))!.toString('utf8');
    expect(validateXml(xml)).toBe(true);
    const feed = (
      parseXml(xml, {
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        tagValueProcessor: decodeEntities,
        attrValueProcessor: decodeEntities,
      }) as {
        feed: Record<string, unknown> & { entry: Record<string, unknown>[] };
      }
    ).feed;
    expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    for (const field of ['id', 'title', 'updated', 'author']) expect(feed[field]).toBeDefined();
    expect(feed.entry).toHaveLength(2);
    const newest = feed.entry[0] as Record<string, unknown> & { link: Record<string, string> };
    expect(newest.id).toBe(`urn:sha256:${two.sha256}`);
    expect(newest.updated).toBe(snapshot.publishedAt);
    expect(newest.link['@href']).toBe(`${BASE}/${prefix}2.json`);
    expect(String(newest.title)).toMatch(
      /1 added \(Intercom\), 1 removed \(Mailgun\), 1 changed \(Sentry\)/,
    );
    const content = String((newest.content as Record<string, string>)['#text']);
    expect(content).toContain(
      '+ Intercom (policies/examples/subprocessors.yml): In-app chat with customers',
    );
    expect(content).toContain('- Mailgun');
    expect(content).toContain('~ Sentry: location "Germany" → "United States"');
  });

  it('sends 6 DynamoDB and 12 S3 requests for a publish (7 + the page: style, <seq>.html, index.html; + the signed checkpoint and its signature)', async () => {
    const d = await deps();
    const repo = freshRepo();
    await publish(d, storedResult(EXAMPLES, sha(1), repo));
    const dynamo = countCalls(engines.dynamo as unknown as S3Client);
    const s3 = countCalls(engines.s3);
    try {
      await publish(d, storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo));
    } finally {
      dynamo.stop();
      s3.stop();
    }
    expect(dynamo.counts).toEqual({ QueryCommand: 3, PutItemCommand: 1, UpdateItemCommand: 2 });
    expect(s3.counts).toEqual({ PutObjectCommand: 12 });
  });

  it('gives two racing publishes different numbers: one wins, the other takes the next', async () => {
    // Both publishers compile against the same tip before either claims: a real race.
    let waiting: (() => void) | undefined;
    const bothSigned = new Promise<void>((resolve) => (waiting = resolve));
    let signed = 0;
    const racing: Signer = {
      keyId: signer.keyId,
      publicKeyPem: () => signer.publicKeyPem(),
      async sign(bytes) {
        if (++signed === 2) waiting!();
        if (signed <= 2) await bothSigned;
        return signer.sign(bytes);
      },
    };
    const d = await deps({ signer: racing });
    const repo = freshRepo();
    const [a, b] = (
      await Promise.all([
        publish(d, storedResult(EXAMPLES, sha(1), repo)),
        publish(d, storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo)),
      ])
    ).map(published);
    expect([a!.sequence, b!.sequence].sort()).toEqual([1, 2]);
    expect([a!.attempts, b!.attempts].sort()).toEqual([1, 2]);
    const [winner, loser] = a!.sequence === 1 ? [a!, b!] : [b!, a!];
    const second = await getJson<Snapshot>(`snapshots/${repo}/2.json`);
    expect(second.previousSha256).toBe(winner.sha256);
    expect(sha256Hex((await getObject(`snapshots/${repo}/2.json`))!)).toBe(loser.sha256);
    expect((await getJson<LatestPointer>(`snapshots/${repo}/latest.json`)).sequence).toBe(2);
    expect((await getJson<SnapshotIndex>(`snapshots/${repo}/index.json`)).snapshots).toHaveLength(
      2,
    );
  });

  it('retried after a crash between claim and upload, re-uploads the bytes it claimed', async () => {
    const d = await deps();
    const repo = freshRepo();
    const prefix = `snapshots/${repo}/`;
    const first = published(await publish(d, storedResult(EXAMPLES, sha(1), repo)));
    const deadS3 = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const edited = storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo);
    await expect(publish({ ...d, s3: deadS3 }, edited)).rejects.toThrow();
    deadS3.destroy();

    const claim = await createSnapshotSequence({ dynamo: d.dynamo, table: d.table }).tip(
      idOf(repo),
    );
    expect(claim).toMatchObject({ sequence: 2, commit: sha(2), uploaded: false });
    // Nothing points at the missing object: latest and the index still end at snapshot 1.
    expect(await getObject(`${prefix}2.json`)).toBeNull();
    expect((await getJson<LatestPointer>(`${prefix}latest.json`)).sha256).toBe(first.sha256);
    expect((await getJson<SnapshotIndex>(`${prefix}index.json`)).snapshots).toHaveLength(1);

    const retried = published(await publish(d, edited));
    expect(retried).toMatchObject({ sequence: 2, sha256: claim!.sha256, resumed: true });
    expect(sha256Hex((await getObject(`${prefix}2.json`))!)).toBe(claim!.sha256);
    expect((await getJson<LatestPointer>(`${prefix}latest.json`)).sequence).toBe(2);
  });

  it('after a crash, the next commit finishes the claimed snapshot and chains to it', async () => {
    const d = await deps();
    const repo = freshRepo();
    const prefix = `snapshots/${repo}/`;
    await publish(d, storedResult(EXAMPLES, sha(1), repo));
    const deadS3 = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await expect(
      publish({ ...d, s3: deadS3 }, storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo)),
    ).rejects.toThrow();
    deadS3.destroy();
    const crashed = await createSnapshotSequence({ dynamo: d.dynamo, table: d.table }).tip(
      idOf(repo),
    );

    const next = published(await publish(d, storedResult(EXAMPLES, sha(3), repo)));
    expect(next.sequence).toBe(3);
    expect((await getJson<Snapshot>(`${prefix}3.json`)).previousSha256).toBe(crashed!.sha256);
    expect(sha256Hex((await getObject(`${prefix}2.json`))!)).toBe(crashed!.sha256);
    const index = await getJson<SnapshotIndex>(`${prefix}index.json`);
    expect(index.snapshots.map((s) => s.sequence)).toEqual([1, 2, 3]);
  });

  it('refuses a commit that is no longer the head, and claims nothing for it', async () => {
    const d = await deps();
    const repo = freshRepo();
    const outcome = await publish(d, storedResult(EXAMPLES, sha(1), repo), (s) => s === sha(9));
    expect(outcome).toMatchObject({ status: 'refused', reason: 'not-head' });
    expect(
      await createSnapshotSequence({ dynamo: d.dynamo, table: d.table }).tip(idOf(repo)),
    ).toBeNull();
    expect(await getObject(`snapshots/${repo}/latest.json`)).toBeNull();
  });

  it('never moves latest back to an older sequence', async () => {
    const d = await deps();
    const sequence = createSnapshotSequence({ dynamo: d.dynamo, table: d.table });
    const head = (n: number): { sequence: number; sha256: string; commit: string } => ({
      sequence: n,
      sha256: String(n).repeat(64).slice(0, 64),
      commit: sha(n),
    });
    expect(await sequence.advanceHead(idOf(REPO), head(2))).toBe(true);
    expect(await sequence.advanceHead(idOf(REPO), head(1))).toBe(false);
    expect(await sequence.advanceHead(idOf(REPO), head(2))).toBe(true);
    expect((await sequence.list(idOf(REPO))).head?.sequence).toBe(2);
  });

  it('validates owner and repository names before they become keys', async () => {
    const d = await deps();
    for (const repo of ['../etc/passwd', 'owner/..', 'own er/name', 'owner/name/extra', '-x/y'])
      await expect(publish(d, storedResult(EXAMPLES, sha(1), repo))).rejects.toThrow(
        /is not a GitHub owner\/name/,
      );
  });
});

describe('the publish service: a stored result, and the failure policy', () => {
  it('publishes a failing check with its conclusion visible, or holds it back, as configured', async () => {
    const d = await deps();
    const repo = freshRepo();
    const failing = { ...storedResult(EXAMPLES, sha(1), repo), conclusion: 'failure' as const };
    const getResult = (r: string, s: string): Promise<StoredResult | null> =>
      Promise.resolve(r === repo && s === sha(1) ? failing : null);
    const service = { ...d, getResult };
    const event = { repo, repoId: idOf(repo), sha: sha(1), headSha: null };
    expect(await publishCommit(service, { ...event, onFailure: 'hold' })).toMatchObject({
      status: 'refused',
      reason: 'held',
    });
    expect(await getObject(`snapshots/${repo}/latest.json`)).toBeNull();
    published(await publishCommit(service, { ...event, onFailure: 'publish' }));
    expect((await getJson<Snapshot>(`snapshots/${repo}/1.json`)).check.conclusion).toBe('failure');
    // A check that crashed stored no result: nothing to publish.
    expect(
      await publishCommit(service, {
        repo,
        repoId: idOf(repo),
        sha: sha(2),
        headSha: null,
        onFailure: 'publish',
      }),
    ).toMatchObject({ status: 'refused', reason: 'no-result' });
  });

  it('asks GitHub for the head at publish time: a late message for an older commit is refused', async () => {
    const d = await deps();
    const repo = freshRepo();
    const results = new Map([sha(1), sha(2)].map((s) => [s, storedResult(EXAMPLES, s, repo)]));
    let head = sha(2);
    const service = {
      ...d,
      getResult: (_r: string, s: string) => Promise.resolve(results.get(s) ?? null),
      currentHead: () => Promise.resolve(head),
    };
    published(
      await publishCommit(service, {
        repo,
        repoId: idOf(repo),
        sha: sha(2),
        headSha: sha(2),
        onFailure: 'publish',
        installationId: 1,
      }),
    );
    // sha(1)'s message was sent when it was the head; it arrives after sha(2) was published.
    expect(
      await publishCommit(service, {
        repo,
        repoId: idOf(repo),
        sha: sha(1),
        headSha: sha(1),
        onFailure: 'publish',
        installationId: 1,
      }),
    ).toMatchObject({ status: 'refused', reason: 'not-head' });
    expect((await getJson<{ sequence: number }>(`snapshots/${repo}/latest.json`)).sequence).toBe(1);
    head = sha(1); // a revert: the older commit is the head again, and is published
    published(
      await publishCommit(service, {
        repo,
        repoId: idOf(repo),
        sha: sha(1),
        headSha: null,
        onFailure: 'publish',
        installationId: 1,
      }),
    );
  });

  it('reports the object sizes for the example policies', async () => {
    const d = await deps();
    const repo = freshRepo();
    await publish(d, storedResult(EXAMPLES, sha(1), repo));
    await publish(d, storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo));
    const files = ['1.json', '2.json', '2.json.sig', 'latest.json', 'index.json', 'keys.json'];
    const sizes = Object.fromEntries(
      await Promise.all(
        [...files, 'public-key.pem', 'feed.atom'].map(async (f) => [
          f,
          (await getObject(`snapshots/${repo}/${f}`))!.length,
        ]),
      ),
    );
    console.info('snapshot object sizes (bytes):', sizes);
    expect(sizes['2.json']).toBeLessThan(32_000);
    expect(sizes['2.json.sig']).toBeLessThanOrEqual(72);
  });
});
