import { generateKeyPairSync } from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fakeSha,
  preloadGitHubSchema,
  startFakeGitHub,
  type FakeAnnotation,
  type FakeGitHub,
} from '../../functions/local/github-stand-in/index.js';

const APP_ID = 4242;
const INSTALLATION_ID = 77;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

const BASE = fakeSha('base');
const HEAD = fakeSha('head');
const SIDE = fakeSha('side');

let fake: FakeGitHub;

beforeAll(async () => {
  preloadGitHubSchema();
  fake = await startFakeGitHub({ appId: APP_ID, appPublicKeyPem: keys.publicKey });
  fake.addRepository({
    owner: 'acme',
    name: 'privacy',
    id: 1001,
    commits: [
      {
        sha: BASE,
        date: '2024-01-10T12:00:00Z',
        files: { 'hello.txt': 'hello\n', 'docs/policy.md': '# Policy\n' },
      },
      {
        sha: HEAD,
        date: '2024-03-01T12:00:00Z',
        message: 'Add a subprocessor',
        files: {
          'hello.txt': 'hello\n',
          'docs/policy.md': '# Policy\n\n| Name | Country |\n| Stripe | US |\n',
          'docs/subprocessors.yml': 'vendors:\n  - name: Stripe\n  # TODO review\n',
        },
        blame: {
          'docs/subprocessors.yml': [
            { startingLine: 1, endingLine: 2, ageDays: 400 },
            { startingLine: 3, endingLine: 3, ageDays: 0 },
          ],
        },
      },
      {
        sha: SIDE,
        parents: [BASE],
        date: '2024-02-01T12:00:00Z',
        files: { 'hello.txt': 'hi\n', 'docs/policy.md': '# Policy\n' },
      },
    ],
    branches: { main: HEAD, side: SIDE },
  });
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  fake.clearRecords();
});

function appOctokit(appId: number = APP_ID, privateKey: string = keys.privateKey): Octokit {
  return new Octokit({
    baseUrl: fake.url,
    authStrategy: createAppAuth,
    auth: { appId, privateKey, installationId: INSTALLATION_ID },
    log: silent,
  });
}

function tokenOctokit(): Octokit {
  return new Octokit({ baseUrl: fake.url, auth: fake.issueToken(), log: silent });
}

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

function annotations(count: number): FakeAnnotation[] {
  return Array.from({ length: count }, (_, i) => ({
    path: 'docs/policy.md',
    start_line: 1,
    end_line: 1,
    annotation_level: 'warning' as const,
    message: `finding ${i}`,
  }));
}

describe('app authentication', () => {
  it('exchanges a signed app JWT for an installation token and accepts it', async () => {
    const octokit = appOctokit();
    const { data } = await octokit.rest.repos.get({ owner: 'acme', repo: 'privacy' });
    expect(data.full_name).toBe('acme/privacy');
    expect(data.default_branch).toBe('main');
    expect(fake.requests.map((r) => [r.operationId, r.status])).toEqual([
      ['apps/create-installation-access-token', 201],
      ['repos/get', 200],
    ]);
    expect(fake.requests[0]!.headers.authorization).toMatch(/^bearer /i);
    expect(fake.requests[1]!.headers.authorization).toMatch(/^token ghs_/);
    fake.assertNoViolations();
  });

  it('refuses a JWT from another app id, or signed by another key', async () => {
    expect(
      await statusOf(appOctokit(APP_ID + 1).rest.repos.get({ owner: 'acme', repo: 'privacy' })),
    ).toBe(401);
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    expect(
      await statusOf(
        appOctokit(APP_ID, other.privateKey).rest.repos.get({ owner: 'acme', repo: 'privacy' }),
      ),
    ).toBe(401);
    expect(fake.requests.map((r) => [r.operationId, r.status])).toEqual([
      ['apps/create-installation-access-token', 401],
      ['apps/create-installation-access-token', 401],
    ]);
  });

  it('answers 401 to a request without a token it issued', async () => {
    const stranger = new Octokit({
      baseUrl: fake.url,
      auth: 'ghs_notissuedbythisserver',
      log: silent,
    });
    expect(await statusOf(stranger.rest.repos.get({ owner: 'acme', repo: 'privacy' }))).toBe(401);
    const anonymous = new Octokit({ baseUrl: fake.url, log: silent });
    expect(await statusOf(anonymous.graphql('query { rateLimit { remaining } }'))).toBe(401);
  });

  it('sends GitHub rate-limit headers, counting down per token', async () => {
    const octokit = tokenOctokit();
    const first = await octokit.rest.repos.get({ owner: 'acme', repo: 'privacy' });
    const second = await octokit.rest.repos.get({ owner: 'acme', repo: 'privacy' });
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(first.headers['x-ratelimit-resource']).toBe('core');
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(
      Number(first.headers['x-ratelimit-remaining']) - 1,
    );
  });
});

describe('repository contents', () => {
  it('lists a recursive tree with git ids and reads the blobs through GraphQL', async () => {
    const octokit = appOctokit();
    const { data: tree } = await octokit.rest.git.getTree({
      owner: 'acme',
      repo: 'privacy',
      tree_sha: BASE,
      recursive: 'true',
    });
    // The ids git itself gives these files and folders.
    expect(tree.sha).toBe('6608e90c0a6bdf175964c95fdea09b3f4dcb80c1');
    expect(tree.truncated).toBe(false);
    expect(tree.tree.map((e) => [e.path, e.type, e.mode, e.size])).toEqual([
      ['docs', 'tree', '040000', undefined],
      ['docs/policy.md', 'blob', '100644', 9],
      ['hello.txt', 'blob', '100644', 6],
    ]);
    expect(tree.tree[2]!.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');

    const blobs = tree.tree.filter((e) => e.type === 'blob');
    const query = `query($owner: String!, $name: String!, ${blobs.map((_, i) => `$e${i}: String!`).join(', ')}) {
      repository(owner: $owner, name: $name) {
        ${blobs.map((_, i) => `f${i}: object(expression: $e${i}) { ... on Blob { text byteSize isBinary isTruncated oid } }`).join('\n')}
        missing: object(expression: "${BASE}:nope.md") { oid }
      }
    }`;
    const variables = Object.fromEntries(blobs.map((e, i) => [`e${i}`, `${BASE}:${e.path}`]));
    const data = await octokit.graphql<{
      repository: Record<string, { text: string; byteSize: number; oid: string } | null>;
    }>(query, { owner: 'acme', name: 'privacy', ...variables });
    expect(data.repository.f0).toEqual({
      text: '# Policy\n',
      byteSize: 9,
      isBinary: false,
      isTruncated: false,
      oid: blobs[0]!.sha,
    });
    expect(data.repository.f1!.text).toBe('hello\n');
    expect(data.repository.missing).toBeNull();
    expect(fake.requests.filter((r) => r.operationId === 'graphql')).toHaveLength(1);
    fake.assertNoViolations();
  });

  it('answers blame from the commit data, and one range of age 1 without it', async () => {
    const octokit = tokenOctokit();
    const data = await octokit.graphql<{
      repository: {
        object: Record<
          string,
          {
            ranges: {
              startingLine: number;
              endingLine: number;
              age: number;
              commit: { oid: string; committedDate: string };
            }[];
          }
        >;
      };
    }>(
      `query($sha: String!) { repository(owner: "acme", name: "privacy") { object(expression: $sha) {
        ... on Commit {
          given: blame(path: "docs/subprocessors.yml") { ranges { startingLine endingLine age commit { oid committedDate } } }
          plain: blame(path: "hello.txt") { ranges { startingLine endingLine age commit { oid committedDate } } }
        } } } }`,
      { sha: HEAD },
    );
    const { given, plain } = data.repository.object;
    expect(
      given!.ranges.map((r) => [r.startingLine, r.endingLine, r.commit.committedDate]),
    ).toEqual([
      [1, 2, '2023-01-26T12:00:00Z'],
      [3, 3, '2024-03-01T12:00:00Z'],
    ]);
    expect(given!.ranges.map((r) => r.age)).toEqual([10, 1]);
    expect(plain!.ranges).toEqual([
      {
        startingLine: 1,
        endingLine: 1,
        age: 1,
        commit: { oid: HEAD, committedDate: '2024-03-01T12:00:00Z' },
      },
    ]);
    fake.assertNoViolations();
  });

  it('compares from the merge base, and serves commits and base64 contents', async () => {
    const octokit = tokenOctokit();
    const { data: comparison } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner: 'acme',
      repo: 'privacy',
      basehead: `side...${HEAD}`,
    });
    expect(comparison.merge_base_commit.sha).toBe(BASE);
    expect([comparison.status, comparison.ahead_by, comparison.behind_by]).toEqual([
      'diverged',
      1,
      1,
    ]);
    expect(comparison.files!.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['docs/policy.md', 'modified', 3, 0],
      ['docs/subprocessors.yml', 'added', 3, 0],
    ]);
    expect(comparison.files![0]!.patch).toBe(
      '@@ -1 +1,4 @@\n # Policy\n+\n+| Name | Country |\n+| Stripe | US |',
    );

    const { data: commit } = await octokit.rest.repos.getCommit({
      owner: 'acme',
      repo: 'privacy',
      ref: 'side',
    });
    expect(commit.sha).toBe(SIDE);
    expect(commit.parents.map((p) => p.sha)).toEqual([BASE]);
    expect(commit.files!.map((f) => [f.filename, f.status])).toEqual([['hello.txt', 'modified']]);

    const { data: file } = await octokit.rest.repos.getContent({
      owner: 'acme',
      repo: 'privacy',
      path: 'docs/policy.md',
      ref: BASE,
    });
    expect(Array.isArray(file) ? null : file.type).toBe('file');
    if (!Array.isArray(file) && file.type === 'file')
      expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('# Policy\n');
    fake.assertNoViolations();
  });
});

describe('the fake itself', () => {
  it('answers every implemented operation within GitHub response schemas', async () => {
    const octokit = appOctokit();
    const repo = { owner: 'acme', repo: 'privacy' };
    const { data: run } = await octokit.rest.checks.create({ ...repo, name: 'n', head_sha: HEAD });
    await octokit.rest.checks.get({ ...repo, check_run_id: run.id });
    await octokit.rest.checks.listForRef({ ...repo, ref: HEAD, filter: 'all', check_name: 'n' });
    await octokit.rest.checks.listAnnotations({ ...repo, check_run_id: run.id });
    const { data: folder } = await octokit.rest.repos.getContent({ ...repo, path: 'docs' });
    expect(Array.isArray(folder) && folder.map((e) => [e.name, e.type])).toEqual([
      ['policy.md', 'file'],
      ['subprocessors.yml', 'file'],
    ]);
    const raw = await octokit.rest.repos.getContent({
      ...repo,
      path: 'hello.txt',
      mediaType: { format: 'raw' },
    });
    expect(raw.data).toBe('hello\n');
    const { data: blob } = await octokit.rest.git.getBlob({
      ...repo,
      file_sha: 'ce013625030ba8dba906f756967f9e9ca394464a',
    });
    expect(Buffer.from(blob.content, 'base64').toString()).toBe('hello\n');
    const { data: commits } = await octokit.rest.repos.listCommits({ ...repo, path: 'docs' });
    expect(commits.map((c) => c.sha)).toEqual([HEAD, BASE]);
    await octokit.rest.repos.getCommit({ ...repo, ref: BASE, per_page: 1 });
    await octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${HEAD}...side` });
    const limited = await octokit.rest.apps.createInstallationAccessToken({
      installation_id: INSTALLATION_ID,
      repositories: ['privacy'],
      permissions: { contents: 'read' },
      headers: {
        authorization: `bearer ${(await createAppAuth({ appId: APP_ID, privateKey: keys.privateKey })({ type: 'app' })).token}`,
      },
    });
    expect(limited.data.repository_selection).toBe('selected');
    const reader = new Octokit({ baseUrl: fake.url, auth: limited.data.token, log: silent });
    expect(await statusOf(reader.rest.checks.create({ ...repo, name: 'n', head_sha: HEAD }))).toBe(
      403,
    );
    fake.assertNoViolations();
  });

  it('resolves commits, trees, refs and history in GraphQL and flags what it cannot', async () => {
    const octokit = tokenOctokit();
    const data = await octokit.graphql<{
      repository: {
        defaultBranchRef: { name: string; target: { oid: string } };
        head: {
          tree: { entries: { path: string; type: string }[] };
          history: { totalCount: number; nodes: { oid: string }[] };
          parents: { nodes: { oid: string }[] };
          file: { size: number } | null;
        };
        folder: { entries: { name: string; extension: string | null; lineCount: number | null }[] };
      };
      rateLimit: { remaining: number };
    }>(
      `query($head: String!) {
        rateLimit { remaining }
        repository(owner: "ACME", name: "Privacy") {
          defaultBranchRef { name target { oid } }
          head: object(expression: $head) { ... on Commit {
            tree { entries { path type } }
            history(first: 10, path: "docs/policy.md") { totalCount nodes { oid } }
            parents(first: 5) { nodes { oid } }
            file(path: "docs/policy.md") { size }
          } }
          folder: object(expression: "HEAD:docs") { ... on Tree { entries { name extension lineCount } } }
        }
      }`,
      { head: HEAD },
    );
    expect(data.repository.defaultBranchRef).toEqual({ name: 'main', target: { oid: HEAD } });
    expect(data.repository.head.tree.entries).toEqual([
      { path: 'docs', type: 'tree' },
      { path: 'hello.txt', type: 'blob' },
    ]);
    expect(data.repository.head.history.nodes.map((n) => n.oid)).toEqual([HEAD, BASE]);
    expect(data.repository.head.parents.nodes).toEqual([{ oid: BASE }]);
    expect(data.repository.head.file).toEqual({ size: 45 });
    expect(data.repository.folder.entries).toEqual([
      { name: 'policy.md', extension: '.md', lineCount: 4 },
      { name: 'subprocessors.yml', extension: '.yml', lineCount: 3 },
    ]);
    fake.assertNoViolations();

    await expect(
      octokit.graphql(`query { repository(owner: "acme", name: "privacy") { object(expression: "main") {
        ... on Commit { history { totalCount } } } } }`),
    ).rejects.toThrow(/first/);
    await expect(
      octokit.graphql(`query { repository(owner: "acme", name: "privacy") { stargazerCount } }`),
    ).rejects.toThrow(/does not implement Repository.stargazerCount/);
    const missing = await octokit
      .graphql(`query { repository(owner: "acme", name: "nope") { id } }`)
      .catch((e: { errors: { type: string }[] }) => e.errors);
    expect(missing).toMatchObject([{ type: 'NOT_FOUND' }]);
    expect(fake.violations.map((v) => v.kind)).toEqual(['graphql', 'unimplemented']);
  });
});

describe('validation', () => {
  it('rejects and records a GraphQL query with a field GitHub does not have', async () => {
    const octokit = tokenOctokit();
    await expect(
      octokit.graphql('query { repository(owner: "acme", name: "privacy") { subprocessorCount } }'),
    ).rejects.toThrow(/subprocessorCount/);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'graphql', operationId: 'graphql' });
    expect(fake.violations[0]!.message).toMatch(/Cannot query field "subprocessorCount"/);
    expect(() => fake.assertNoViolations()).toThrow(/subprocessorCount/);
  });

  it('takes 50 annotations in an update and refuses 51 (maxItems: 50)', async () => {
    const octokit = tokenOctokit();
    const { data: run } = await octokit.rest.checks.create({
      owner: 'acme',
      repo: 'privacy',
      name: 'Policy compliance',
      head_sha: HEAD,
      status: 'in_progress',
    });
    const update = (count: number) =>
      octokit.rest.checks.update({
        owner: 'acme',
        repo: 'privacy',
        check_run_id: run.id,
        output: {
          title: 'Findings',
          summary: `${count} findings`,
          annotations: annotations(count),
        },
      });
    await update(50);
    fake.assertNoViolations();
    expect(await statusOf(update(51))).toBe(422);
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatchObject({ kind: 'body', operationId: 'checks/update' });
    expect(fake.violations[0]!.message).toMatch(/annotations must NOT have more than 50 items/);
    expect(fake.checkRuns.get(run.id)!.output.annotations).toHaveLength(50);
  });

  it('records an unknown route as a violation and answers 404', async () => {
    const octokit = tokenOctokit();
    expect(
      await statusOf(
        octokit.request('GET /repos/{owner}/{repo}/policies', { owner: 'acme', repo: 'privacy' }),
      ),
    ).toBe(404);
    expect(fake.violations.map((v) => [v.kind, v.path])).toEqual([
      ['route', '/repos/acme/privacy/policies'],
    ]);
  });

  it('records a query parameter or body property the operation does not have', async () => {
    const octokit = tokenOctokit();
    const runsBefore = fake.checkRuns.size;
    expect(
      await statusOf(
        octokit.request('GET /repos/{owner}/{repo}/git/trees/{tree_sha}', {
          owner: 'acme',
          repo: 'privacy',
          tree_sha: HEAD,
          recursve: 1,
        }),
      ),
    ).toBe(422);
    expect(
      await statusOf(
        octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          owner: 'acme',
          repo: 'privacy',
          name: 'x',
          head_sha: HEAD,
          conclusion: 'success',
          summary: 'misplaced',
        }),
      ),
    ).toBe(422);
    expect(fake.violations.map((v) => v.kind)).toEqual(['query', 'body']);
    expect(fake.checkRuns.size).toBe(runsBefore);
  });
});

describe('check runs', () => {
  it('accumulates annotations across updates, keeping each state', async () => {
    const octokit = tokenOctokit();
    const { data: created } = await octokit.rest.checks.create({
      owner: 'acme',
      repo: 'privacy',
      name: 'Policy compliance',
      head_sha: HEAD,
      status: 'in_progress',
      external_id: 'job-1',
      started_at: '2024-03-01T12:00:00.123Z',
      output: { title: 'Checking…', summary: 'Started.' },
    });
    expect(created.status).toBe('in_progress');
    for (const batch of [annotations(30), annotations(20)])
      await octokit.rest.checks.update({
        owner: 'acme',
        repo: 'privacy',
        check_run_id: created.id,
        output: { title: 'Findings', summary: 'Some', annotations: batch },
      });
    const { data: done } = await octokit.rest.checks.update({
      owner: 'acme',
      repo: 'privacy',
      check_run_id: created.id,
      conclusion: 'failure',
      completed_at: '2024-03-01T12:01:00Z',
      output: {
        title: '3 problems',
        summary: 'Done',
        text: 'Details',
        annotations: annotations(5),
      },
    });
    expect(done.status).toBe('completed');
    expect(done.output.annotations_count).toBe(55);

    const run = fake.checkRuns.get(created.id)!;
    expect(run).toMatchObject({
      name: 'Policy compliance',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'failure',
      external_id: 'job-1',
      started_at: '2024-03-01T12:00:00Z',
      completed_at: '2024-03-01T12:01:00Z',
      output: { title: '3 problems', summary: 'Done', text: 'Details' },
    });
    expect(run.output.annotations).toHaveLength(55);
    expect(run.history.map((s) => [s.status, s.output.annotations.length])).toEqual([
      ['in_progress', 0],
      ['in_progress', 30],
      ['in_progress', 50],
      ['completed', 55],
    ]);

    const listed = await octokit.paginate(octokit.rest.checks.listAnnotations, {
      owner: 'acme',
      repo: 'privacy',
      check_run_id: created.id,
      per_page: 20,
    });
    expect(listed).toHaveLength(55);
    const { data: forRef } = await octokit.rest.checks.listForRef({
      owner: 'acme',
      repo: 'privacy',
      ref: 'main',
    });
    expect(forRef.check_runs.map((r) => r.id)).toContain(created.id);
    fake.assertNoViolations();
  });

  it('refuses a run whose head_sha is not a commit of the repository', async () => {
    const octokit = tokenOctokit();
    expect(
      await statusOf(
        octokit.rest.checks.create({
          owner: 'acme',
          repo: 'privacy',
          name: 'x',
          head_sha: fakeSha('nowhere'),
        }),
      ),
    ).toBe(422);
    expect(fake.violations.map((v) => v.kind)).toEqual(['semantics']);
  });
});

describe('fault injection', () => {
  it('answers the injected status once, then normally', async () => {
    const octokit = tokenOctokit();
    fake.failNext({ operationId: 'repos/get' }, { status: 500 });
    expect(await statusOf(octokit.rest.repos.get({ owner: 'acme', repo: 'privacy' }))).toBe(500);
    expect(await statusOf(octokit.rest.repos.get({ owner: 'acme', repo: 'privacy' }))).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it('sends the injected headers: a 403 rate limit, then a GraphQL 429 twice', async () => {
    const octokit = tokenOctokit();
    const reset = String(Math.floor(Date.now() / 1000) + 30);
    fake.failNext(
      { method: 'GET', pathIncludes: '/git/trees/' },
      { status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } },
    );
    const error = await octokit.rest.git
      .getTree({ owner: 'acme', repo: 'privacy', tree_sha: HEAD })
      .catch(
        (e: unknown) => e as { status: number; response: { headers: Record<string, string> } },
      );
    expect(error).toMatchObject({ status: 403 });
    expect(
      (error as { response: { headers: Record<string, string> } }).response.headers,
    ).toMatchObject({
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': reset,
    });

    fake.failNext({ graphql: true }, { status: 429, headers: { 'retry-after': '1' } }, 2);
    const ask = () => octokit.graphql('query { rateLimit { remaining } }');
    expect(await statusOf(ask())).toBe(429);
    expect(await statusOf(ask())).toBe(429);
    expect(await statusOf(ask())).toBe(200);
    fake.assertNoViolations();
  });
});
