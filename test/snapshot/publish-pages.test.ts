import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DefaultBranchResult } from '../../functions/checks/run-check-job.js';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { openLocalSigner } from '../../functions/snapshot/local-signer.js';
import {
  parsePublishEvent,
  publishCommit,
  publishEventOf,
} from '../../functions/snapshot/publish-commit.js';
import {
  publishSnapshot,
  type PublisherDeps,
  type PublishOutcome,
} from '../../functions/snapshot/publish-snapshot.js';
import type { Signer } from '../../functions/snapshot/signer.js';
import type { Snapshot } from '../../functions/snapshot/snapshot.js';
import type { StoredFinding, StoredResult } from '../../functions/store/stored-result.js';
import { expectedRows } from '../page/expected-rows.js';
import { parseTable } from '../page/parse-page.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { editedYaml, EXAMPLES, idOf, sha, storedResult } from './support.js';

const BASE = 'https://trust.northwind.example';
const aliasIndex = buildAliasIndex(loadRulePack().aliases);
const BRANDING = { companyName: 'Northwind Traders', logoUrl: null, accentColor: '#0a7' };

let engines: LocalEngines;
let signer: Signer;

beforeAll(async () => {
  engines = await startLocalEngines();
  signer = openLocalSigner(join(mkdtempSync(join(tmpdir(), 'pages-key-')), 'key.pem'));
});
afterAll(() => engines.close());

async function deps(): Promise<PublisherDeps> {
  return {
    dynamo: engines.dynamo,
    table: await engines.newTable(),
    s3: engines.s3,
    bucket: engines.bucket,
    signer,
    baseUrl: BASE,
    aliasIndex,
  };
}

let repoCounter = 0;
const freshRepo = (): string => `northwind/pages-${++repoCounter}`;

async function getText(key: string): Promise<string | null> {
  try {
    const answer = await engines.s3.send(
      new GetObjectCommand({ Bucket: engines.bucket, Key: key }),
    );
    return await answer.Body!.transformToString('utf8');
  } catch {
    return null;
  }
}

async function headers(key: string): Promise<[string?, string?]> {
  const head = await engines.s3.send(new HeadObjectCommand({ Bucket: engines.bucket, Key: key }));
  return [head.ContentType, head.CacheControl];
}

function published(outcome: PublishOutcome): Extract<PublishOutcome, { status: 'published' }> {
  if (outcome.status !== 'published') throw new Error(`not published: ${outcome.message}`);
  return outcome;
}

/** Records the S3 commands sent, by name, and the keys put, in order. */
function recordCalls(s3: S3Client): {
  counts: Record<string, number>;
  puts: string[];
  stop(): void;
} {
  const counts: Record<string, number> = {};
  const puts: string[] = [];
  const name = `record-${Math.random()}`;
  s3.middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? '?';
      counts[command] = (counts[command] ?? 0) + 1;
      if (command === 'PutObjectCommand') puts.push(String((args.input as { Key: string }).Key));
      return next(args);
    },
    { step: 'initialize', name },
  );
  return { counts, puts, stop: () => s3.middlewareStack.remove(name) };
}

/** An error-level finding about the first listed party, and a warning that the page leaves out. */
function withFindings(result: StoredResult): StoredResult {
  const party = result.thirdParties[0]!;
  const finding = (severity: StoredFinding['severity'], message: string): StoredFinding => ({
    ruleId: 'gdpr-link-missing',
    severity,
    message,
    line: party.line,
    column: 1,
    endLine: party.line,
    endColumn: 2,
    thirdParty: party.name,
    docsUrl: 'https://example.com/rules/gdpr-link-missing',
    fingerprint: `fp-${severity}`,
    related: [],
    path: party.file,
  });
  return {
    ...result,
    conclusion: 'failure',
    findings: [finding('error', 'No DPA link given'), finding('warning', 'Only a warning here')],
  };
}

describe('the public page, published to S3 with every snapshot', () => {
  it("shows each vendor once, merged under the publisher's alias table (AWS = Amazon Web Services)", async () => {
    const d = await deps();
    const repo = freshRepo();
    const docs = ['subprocessors.md', 'subprocessors.yaml'].map((f) => ({
      path: `docs/${f}`,
      text: readFileSync(new URL(`../page/two-lists/${f}`, import.meta.url), 'utf8'),
    }));
    const result = storedResult(docs, sha(1), repo);
    const getResult = (): Promise<StoredResult> => Promise.resolve(result);
    published(
      await publishCommit(
        { ...d, getResult },
        { repo, repoId: idOf(repo), sha: sha(1), headSha: null, onFailure: 'publish', page: null },
      ),
    );
    const rows = parseTable((await getText(`snapshots/${repo}/index.html`))!);
    expect(result.thirdParties).toHaveLength(12);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({ name: 'Amazon Web Services', otherNames: ['AWS'] });
  });

  it('writes index.html, <seq>.html and the style sheet before latest.json, branded, with 12 S3 requests (the checkpoint and its signature too)', async () => {
    const d = await deps();
    const repo = freshRepo();
    const prefix = `snapshots/${repo}/`;
    const result = withFindings(storedResult(EXAMPLES, sha(1), repo));
    const getResult = (): Promise<StoredResult> => Promise.resolve(result);
    const calls = recordCalls(engines.s3);
    try {
      published(
        await publishCommit(
          { ...d, getResult },
          {
            repo,
            repoId: idOf(repo),
            sha: sha(1),
            headSha: null,
            onFailure: 'publish',
            page: BRANDING,
          },
        ),
      );
    } finally {
      calls.stop();
    }
    // The page is rendered from the bytes just sealed: no GetObject.
    expect(calls.counts).toEqual({ PutObjectCommand: 12 });
    const names = calls.puts.map((k) => k.slice(prefix.length));
    const style = names.find((n) => n.endsWith('.css'))!;
    expect(style).toBeDefined();
    expect(names.slice(-6)).toEqual([
      style,
      '1.html',
      'index.html',
      'checkpoint.json',
      'checkpoint.json.sig',
      'latest.json',
    ]);

    expect(await headers(`${prefix}index.html`)).toEqual([
      'text/html; charset=utf-8',
      'public, max-age=300',
    ]);
    expect(await headers(`${prefix}1.html`)).toEqual([
      'text/html; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    expect(await headers(prefix + style)).toEqual([
      'text/css; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);

    const snapshot = JSON.parse((await getText(`${prefix}1.json`))!) as Snapshot;
    const index = (await getText(`${prefix}index.html`))!;
    const rows = parseTable(index);
    // One row per vendor, merged under the alias table the publisher was given.
    expect(rows.map((r) => [r.name, r.otherNames])).toEqual(
      expectedRows(snapshot, aliasIndex).map((e) => [e.name, e.otherNames]),
    );
    expect(rows.length).toBeLessThan(snapshot.thirdParties.length);
    expect(rows.length).toBeGreaterThan(0);
    expect(index).toContain('<title>Third parties of Northwind Traders</title>');
    expect(index).toContain(`href="${style}"`);
    // The error marks its entry; the warning is not shown.
    expect(rows[0]).toMatchObject({ failed: true });
    expect(rows[0]!.problems.join(' ')).toContain('No DPA link given');
    expect(index).not.toContain('Only a warning here');
    expect(await getText(`${prefix}1.html`)).toContain('version 1');
  });

  it('without branding, names the repository; the next publish writes 2.html and keeps 1.html', async () => {
    const d = await deps();
    const repo = freshRepo();
    const prefix = `snapshots/${repo}/`;
    const isCurrentHead = (): boolean => true;
    published(
      await publishSnapshot(d, {
        source: storedResult(EXAMPLES, sha(1), repo),
        repositoryId: idOf(repo),
        isCurrentHead,
      }),
    );
    const first = (await getText(`${prefix}1.html`))!;
    expect(first).toContain(`<title>Third parties of ${repo} · version 1</title>`);
    published(
      await publishSnapshot(d, {
        source: storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo),
        repositoryId: idOf(repo),
        isCurrentHead,
        page: BRANDING,
      }),
    );
    expect(await getText(`${prefix}1.html`)).toBe(first);
    const index = (await getText(`${prefix}index.html`))!;
    expect(index).toContain('Version 2');
    expect(parseTable(index).map((r) => r.name)).toContain('Intercom');
    expect(parseTable(index).map((r) => r.name)).not.toContain('Mailgun');
    expect(await getText(`${prefix}2.html`)).toContain('Northwind Traders');
  });

  it('when its commit did not become the head, reads the head back (one GetObject) for the page', async () => {
    const d = await deps();
    const repo = freshRepo();
    const prefix = `snapshots/${repo}/`;
    published(
      await publishSnapshot(d, {
        source: storedResult(EXAMPLES, sha(1), repo),
        repositoryId: idOf(repo),
        isCurrentHead: () => true,
      }),
    );
    const index = await getText(`${prefix}index.html`);
    // Still the head when claiming, no longer when latest would move: 2 is uploaded, 1 stays latest.
    let asked = 0;
    const calls = recordCalls(engines.s3);
    try {
      const outcome = published(
        await publishSnapshot(d, {
          source: storedResult([EXAMPLES[0]!, editedYaml()], sha(2), repo),
          repositoryId: idOf(repo),
          isCurrentHead: () => ++asked === 1,
        }),
      );
      expect(outcome).toMatchObject({ sequence: 2, latest: false });
    } finally {
      calls.stop();
    }
    expect(calls.counts).toEqual({ PutObjectCommand: 12, GetObjectCommand: 1 });
    expect(await getText(`${prefix}2.html`)).toBeNull();
    const again = (await getText(`${prefix}index.html`))!;
    expect(again).toContain('Version 1');
    expect(parseTable(again)).toEqual(parseTable(index!));
  });
});

describe('the publish event of a default-branch result', () => {
  it('is built once, carries the branding, and reads back the same from the queue', () => {
    const request: DefaultBranchResult = {
      result: storedResult(EXAMPLES, sha(3), 'acme/site'),
      onFailure: 'hold',
      headSha: sha(4),
      installationId: 7,
      page: BRANDING,
    };
    const event = publishEventOf(request, { repo: { id: 99 } });
    expect(event).toEqual({
      repo: 'acme/site',
      repoId: 99,
      sha: sha(3),
      headSha: sha(4),
      onFailure: 'hold',
      installationId: 7,
      page: BRANDING,
    });
    expect(parsePublishEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    expect(parsePublishEvent({ ...event, page: null }).page).toBeNull();
  });
});
