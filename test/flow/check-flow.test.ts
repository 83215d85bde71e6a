import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkSources } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { fakeSha } from '../../functions/local/github-stand-in/index.js';
import { example } from '../webhook/webhook-examples.js';
import {
  pullRequestPayload,
  pushJob,
  pushPayload,
  seed,
  startFlow,
  type Flow,
} from './flow-harness.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const PUSH = example('push', (p) => p.installation !== undefined && p.repository !== undefined);
const PR = example('pull_request', (p) => p.action === 'opened' && p.installation !== undefined);

/** A table of third parties, each with purpose, location and GDPR link unless told otherwise. */
function vendorTable(rows: { name: string; location?: string; link?: boolean }[]): string {
  return [
    '# Subprocessors',
    '',
    '| Name | Purpose | Location | DPA |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | Processing of ${r.name} data | ${r.location ?? 'Germany'} | ${r.link === false ? '' : `[DPA](https://${r.name.toLowerCase().replace(/\W/g, '')}.example/dpa)`} |`,
    ),
    '',
  ].join('\n');
}

function calls(flow: Flow): string[] {
  return flow.github.requests.map((r) => r.operationId ?? `${r.method} ${r.path}`);
}

describe('the GitHub flow, webhook to check run, against the fake GitHub and real engines', () => {
  let flow: Flow;
  let next = 1;
  const newRepo = (files: Record<string, string>) => {
    const id = next++;
    const repo = { owner: 'acme', name: `policies-${id}`, id: 1000 + id };
    const sha = fakeSha(`${repo.name}-1`);
    flow.github.addRepository({ ...repo, commits: [{ sha, files }] });
    return { repo, sha };
  };

  beforeAll(async () => {
    flow = await startFlow({ now: NOW });
  });
  afterAll(() => flow.close());
  beforeEach(() => flow.github.clearRecords());

  it('a push of a seed document completes a failed run with every finding annotated', async () => {
    const text = seed('000_62ec3f6365ac6779.txt');
    const { repo, sha } = newRepo({ 'docs/subprocessors.md': text });
    expect((await flow.deliver('push', pushPayload(PUSH, repo, sha))).statusCode).toBe(202);
    const outcomes = await flow.drain();
    expect(outcomes.map((o) => (o instanceof Error ? o.message : o.kind))).toEqual(['completed']);

    const [run] = [...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha);
    expect(run).toMatchObject({
      name: 'Policy compliance',
      status: 'completed',
      conclusion: 'failure',
    });
    expect(run!.history[0]!.status).toBe('in_progress');
    const expected = checkSources([{ path: 'docs/subprocessors.md', text }], {
      rulePack: loadRulePack(),
      now: '2026-06-01',
      lineAge: () => 1,
    }).files[0]!.findings;
    const got = run!.output.annotations.map((a) => `${a.start_line} ${a.title!.split(' ')[0]}`);
    expect(got.sort()).toEqual(expected.map((f) => `${f.line} ${f.ruleId}`).sort());
    // token, create, tree, GraphQL read, blame (the seed has TODOs), one update per 50 annotations
    const updates = Math.ceil(expected.length / 50);
    expect(calls(flow)).toEqual([
      'apps/create-installation-access-token',
      'checks/create',
      'git/get-tree',
      'graphql',
      'graphql',
      ...Array(updates).fill('checks/update'),
    ]);
    flow.github.assertNoViolations();
    const stored = await flow.results.getResult(`${repo.owner}/${repo.name}`, sha);
    expect(stored).toMatchObject({ conclusion: 'failure', checkRunId: run!.id });
    expect(stored!.thirdParties).toHaveLength(19);
    expect(flow.published.map((p) => p.result.sha)).toContain(sha);
  });

  it('a repository with 120 findings gets all of them in three update calls', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ name: `Vendor ${i}`, link: false }));
    const { repo, sha } = newRepo({ 'subprocessors.md': vendorTable(rows) });
    await flow.deliver('push', pushPayload(PUSH, repo, sha));
    await flow.drain();
    const run = [...flow.github.checkRuns.values()].find((r) => r.head_sha === sha)!;
    expect(run.conclusion).toBe('failure');
    expect(run.output.annotations).toHaveLength(120);
    const updates = flow.github.requests.filter((r) => r.operationId === 'checks/update');
    const sizes = updates.map(
      (u) => (u.body as { output: { annotations: unknown[] } }).output.annotations.length,
    );
    // The extra batches first while the run is in progress; the completing update carries the first.
    expect(sizes).toEqual([50, 20, 50]);
    expect((updates[2]!.body as { status?: string }).status).toBe('completed');
  });

  it('reads 1, 10 or 100 policy files in the same five calls', async () => {
    const counts: Record<number, string[]> = {};
    for (const n of [1, 10, 100]) {
      const files = Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `legal/team-${i}/subprocessors.md`,
          vendorTable([{ name: `Vendor ${i}` }]),
        ]),
      );
      const { repo, sha } = newRepo({ ...files, 'README.md': '# not a policy file\n' });
      flow.github.clearRecords();
      await flow.runJob(job(repo, sha));
      counts[n] = calls(flow);
    }
    const five = [
      'apps/create-installation-access-token',
      'checks/create',
      'git/get-tree',
      'graphql',
      'checks/update',
    ];
    // The installation token is cached across jobs of one process, as in a warm Lambda.
    expect(counts[1]!.filter((c) => c !== 'apps/create-installation-access-token')).toEqual(
      five.slice(1),
    );
    expect(counts[10]).toEqual(counts[1]);
    expect(counts[100]).toEqual(counts[1]);
    flow.github.assertNoViolations();
  });

  it('reads files the config selects beyond the default discovery with one more query', async () => {
    const { repo, sha } = newRepo({
      '.policy-checker.yml': 'files: ["legal/*.md"]\n',
      'legal/processors.md': vendorTable([{ name: 'Mailgun' }, { name: 'Sentry', location: '' }]),
    });
    await flow.runJob(job(repo, sha));
    expect(calls(flow).filter((c) => c === 'graphql')).toHaveLength(2);
    const run = runFor(sha);
    expect(run.conclusion).toBe('failure');
    expect(run.output.annotations.map((a) => a.path)).toEqual(['legal/processors.md']);
  });

  it('a pull request that fixes one finding and adds another reports exactly that, and fails on the new one', async () => {
    const id = next++;
    const repo = { owner: 'acme', name: `policies-${id}`, id: 1000 + id };
    const base = fakeSha(`${repo.name}-base`);
    const head = fakeSha(`${repo.name}-head`);
    flow.github.addRepository({
      ...repo,
      branches: { main: base, change: head },
      commits: [
        {
          sha: base,
          files: {
            'subprocessors.md': vendorTable([{ name: 'Mailgun', link: false }, { name: 'Sentry' }]),
          },
        },
        {
          sha: head,
          parents: [base],
          files: {
            'subprocessors.md': vendorTable([
              { name: 'Mailgun' },
              { name: 'Sentry' },
              { name: 'Zendesk', location: '' },
            ]),
          },
        },
      ],
    });
    await flow.deliver('pull_request', pullRequestPayload(PR, repo, 'opened', 7, head, base));
    await flow.drain();
    const run = runFor(head);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toMatch(/1 new, 1 fixed/);
    expect(run.output.summary).toMatch(/introduces \*?\*?1/);
    expect(run.output.summary).toContain('Zendesk');
    const introduced = run.output.annotations.map((a) => `${a.start_line} ${a.title}`);
    expect(introduced).toEqual(['7 location-required (Zendesk)']);
    flow.github.assertNoViolations();
  });

  it('a pull request that only keeps the base branch’s findings passes, and lists them', async () => {
    const id = next++;
    const repo = { owner: 'acme', name: `policies-${id}`, id: 1000 + id };
    const base = fakeSha(`${repo.name}-base`);
    const head = fakeSha(`${repo.name}-head`);
    const before = vendorTable([{ name: 'Mailgun', link: false }]);
    flow.github.addRepository({
      ...repo,
      branches: { main: base, change: head },
      commits: [
        { sha: base, files: { 'subprocessors.md': before } },
        { sha: head, parents: [base], files: { 'subprocessors.md': before + '\nMore words.\n' } },
      ],
    });
    await flow.deliver('pull_request', pullRequestPayload(PR, repo, 'opened', 8, head, base));
    await flow.drain();
    const run = runFor(head);
    expect(run.conclusion).toBe('success');
    expect(run.output.annotations).toHaveLength(1);
    expect(run.output.summary).toContain('Mailgun');
  });

  it('one verdict per commit: the push and the pull request for one sha share one run, re-run in PR mode', async () => {
    const id = next++;
    const repo = { owner: 'acme', name: `policies-${id}`, id: 1000 + id };
    const base = fakeSha(`${repo.name}-base`);
    const head = fakeSha(`${repo.name}-head`);
    flow.github.addRepository({
      ...repo,
      branches: { main: base, change: head },
      commits: [
        { sha: base, files: { 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) } },
        {
          sha: head,
          parents: [base],
          files: { 'subprocessors.md': vendorTable([{ name: 'Mailgun', link: false }]) },
        },
      ],
    });
    const push = pushPayload(PUSH, repo, head);
    push.ref = 'refs/heads/change';
    await flow.deliver('push', push);
    await flow.drain();
    await flow.deliver('pull_request', pullRequestPayload(PR, repo, 'opened', 9, head, base));
    await flow.deliver('pull_request', pullRequestPayload(PR, repo, 'reopened', 9, head, base));
    const outcomes = await flow.drain();
    expect(outcomes.map((o) => (o instanceof Error ? o.message : o.kind))).toEqual(['completed']);
    // The PR's verdict is a new run (GitHub shows the newest run of a name; annotations cannot
    // be taken back from the old one); the reopened delivery brought nothing new.
    const runs = [...flow.github.checkRuns.values()].filter((r) => r.head_sha === head);
    expect(runs.map((r) => r.status)).toEqual(['completed', 'completed']);
    expect(runs[1]!.output.title).toMatch(/new/);
    expect(runs[0]!.output.title).not.toMatch(/new/);

    // A push-mode job arriving after the PR's verdict (SQS does not keep order) is covered by it.
    const late = await flow.runJob({ ...job(repo, head), ref: 'refs/heads/change' });
    expect(late.kind).toBe('skipped');
    expect([...flow.github.checkRuns.values()].filter((r) => r.head_sha === head)).toHaveLength(2);
  });

  it('waits out a rate limit and a retry-after, and retries a 500 on the final update', async () => {
    const { repo, sha } = newRepo({ 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) });
    const reset = String(Math.floor(Date.now() / 1000) + 2);
    flow.github.failNext(
      { operationId: 'git/get-tree' },
      {
        status: 403,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
        body: { message: 'API rate limit exceeded' },
      },
    );
    flow.github.failNext({ graphql: true }, { status: 429, headers: { 'retry-after': '3' } });
    flow.github.failNext({ operationId: 'checks/update' }, { status: 500 });
    const outcome = await flow.runJob(job(repo, sha));
    expect(outcome.kind).toBe('completed');
    expect(runFor(sha)).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(flow.github.requests.map((r) => r.status)).toEqual(
      expect.arrayContaining([403, 429, 500]),
    );
  });

  it('a rate limit longer than the time left hands the job back instead of waiting', async () => {
    const { repo, sha } = newRepo({ 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) });
    flow.github.failNext(
      { operationId: 'git/get-tree' },
      { status: 429, headers: { 'retry-after': '600000' } },
    );
    const error = await flow.runJob(job(repo, sha)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RetryLaterError', delaySeconds: 600000 });
    // The run is not completed with an error: the job comes back and finishes it.
    expect(runFor(sha).status).toBe('in_progress');
    expect((await flow.runJob(job(repo, sha))).kind).toBe('completed');
    expect(runFor(sha).conclusion).toBe('success');
    expect([...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha)).toHaveLength(1);
  });

  it('a crash after the run was created completes it with the error; the dead-letter consumer settles a silent death', async () => {
    const { repo, sha } = newRepo({ 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) });
    flow.github.failNext({ operationId: 'git/get-tree' }, { status: 404 });
    await expect(flow.runJob(job(repo, sha))).rejects.toThrow();
    const run = runFor(sha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(run.output.title).toMatch(/could not|error|failed/i);
    expect(await flow.results.getResult(`${repo.owner}/${repo.name}`, sha)).toBeNull();
    expect(flow.published.map((p) => p.result.sha)).not.toContain(sha);

    // A job killed mid-way (a timeout) leaves its run in progress; the dead-letter consumer completes it.
    const other = newRepo({ 'subprocessors.md': vendorTable([{ name: 'Sentry' }]) });
    flow.github.failNext({ graphql: true }, { status: 404 });
    flow.github.failNext({ operationId: 'checks/update' }, { status: 404 });
    await expect(flow.runJob(job(other.repo, other.sha))).rejects.toThrow();
    expect(runFor(other.sha).status).toBe('in_progress');
    const { settleDeadJob } = await import('../../functions/checks/settle-dead-job.js');
    const settled = await settleDeadJob(job(other.repo, other.sha), 3, {
      github: flow.services.github,
      runs: flow.runs,
      now: () => NOW,
    });
    expect(settled).toBe('completed');
    expect(runFor(other.sha)).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(runFor(other.sha).output.summary).toMatch(/tried 3 times/);
  });

  it('an installation checks each repository’s default branch head at once', async () => {
    const a = newRepo({ 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) });
    const b = newRepo({ 'vendors.yml': 'vendors:\n  - name: Sentry\n' });
    const payload = example('installation', (p) => p.action === 'created');
    payload.installation.id = 77;
    payload.repositories = [a, b].map(({ repo }) => ({
      id: repo.id,
      name: repo.name,
      full_name: `${repo.owner}/${repo.name}`,
      private: false,
      node_id: 'x',
    }));
    payload.installation.account.login = 'acme';
    expect((await flow.deliver('installation', payload)).statusCode).toBe(202);
    const outcomes = await flow.drain();
    expect(outcomes.map((o) => (o instanceof Error ? o.message : o.kind))).toEqual([
      'completed',
      'completed',
    ]);
    expect(runFor(a.sha).conclusion).toBe('success');
    expect(runFor(b.sha).status).toBe('completed');
    expect(flow.published.map((p) => p.result.sha)).toEqual(expect.arrayContaining([a.sha, b.sha]));
  });

  it('judges a pull request against its merge base, not the base branch’s newer tip', async () => {
    const id = next++;
    const repo = { owner: 'acme', name: `policies-${id}`, id: 1000 + id };
    const [fork, mainTip, head] = ['fork', 'main', 'head'].map((s) => fakeSha(`${repo.name}-${s}`));
    const before = vendorTable([{ name: 'Mailgun', link: false }]);
    flow.github.addRepository({
      ...repo,
      branches: { main: mainTip!, change: head! },
      commits: [
        { sha: fork!, files: { 'subprocessors.md': before } },
        // main fixed Mailgun after the branch left it
        {
          sha: mainTip!,
          parents: [fork!],
          files: { 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) },
        },
        // the branch only adds a complete vendor
        {
          sha: head!,
          parents: [fork!],
          files: {
            'subprocessors.md': vendorTable([{ name: 'Mailgun', link: false }, { name: 'Sentry' }]),
          },
        },
      ],
    });
    await flow.deliver('pull_request', pullRequestPayload(PR, repo, 'opened', 11, head!, mainTip!));
    await flow.drain();
    const run = runFor(head!);
    // Against main's tip the missing link would look introduced; against the merge base it is not.
    expect(run.conclusion).toBe('success');
    expect(run.output.summary).toContain('Sentry');
    expect(calls(flow)).toContain('repos/compare-commits-with-basehead');
  });

  it('a failed publish leaves the run’s verdict alone, and the retried job publishes', async () => {
    const { repo, sha } = newRepo({ 'subprocessors.md': vendorTable([{ name: 'Mailgun' }]) });
    flow.failPublishes = 1;
    await expect(flow.runJob(job(repo, sha))).rejects.toThrow('publish queue');
    const runs = () => [...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha);
    expect(runs().map((r) => r.conclusion)).toEqual(['success']);
    flow.github.clearRecords();
    expect((await flow.runJob(job(repo, sha))).kind).toBe('completed');
    expect(flow.published.map((p) => p.result.sha)).toContain(sha);
    // The retry publishes the stored verdict: no second run, not even a read of the commit.
    expect(runs().map((r) => r.conclusion)).toEqual(['success']);
    expect(calls(flow)).toEqual([]);
    // Published once: the same job again is a commit with a verdict.
    expect((await flow.runJob(job(repo, sha))).kind).toBe('skipped');
  });

  function runFor(sha: string) {
    const runs = [...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha);
    expect(runs).toHaveLength(1);
    return runs[0]!;
  }
});

const job = (repo: { owner: string; name: string; id: number }, sha: string) => pushJob(repo, sha);
