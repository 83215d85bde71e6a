import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCheckJob } from '../../functions/checks/run-check-job.js';
import { settleDeadJob } from '../../functions/checks/settle-dead-job.js';
import { fakeSha } from '../../functions/local/github-stand-in/index.js';
import type { StoredResult } from '../../functions/store/stored-result.js';
import { createRun } from '../../functions/github/check-run-api.js';
import { pushJob, startFlow, type Flow } from './flow-harness.js';

/**
 * The soak's doubled run (issue: "a commit got two check runs once"): an attempt that failed
 * after its run existed reported the failure on the run and marked the commit's record
 * completed; its retry then found a completed record with no context judged and opened a
 * second run. In the soak the failure was a write to DynamoDB during the outage, the record
 * written once DynamoDB was back: a timing race there, injected at the exact point here.
 */
describe('a retry after a reported crash finishes the same run', () => {
  let flow: Flow;
  let next = 1;
  const newRepo = () => {
    const id = next++;
    const repo = { owner: 'doubled', name: `policies-${id}`, id: 5000 + id };
    const sha = fakeSha(`${repo.name}-1`);
    flow.github.addRepository({
      ...repo,
      commits: [{ sha, files: { 'subprocessors.md': '# Subprocessors\n\nNone yet.\n' } }],
    });
    return { repo, sha, job: pushJob(repo, sha, 'refs/heads/topic') };
  };
  const runsOf = (sha: string) =>
    [...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha);

  beforeAll(async () => {
    flow = await startFlow();
  });
  afterAll(() => flow.close());
  beforeEach(() => flow.github.clearRecords());

  it('the result write fails, the crash is reported, DynamoDB is back: the retry uses the run', async () => {
    const { sha, job } = newRepo();
    const services = failingResultWrites(flow, 1);
    await expect(runCheckJob(job, services)).rejects.toThrow(/DynamoDB is down/);
    expect(runsOf(sha).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'failure']]);
    // The queue's retry of the same delivery.
    expect((await runCheckJob(job, services)).kind).toBe('completed');
    const runs = runsOf(sha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(flow.github.requests.filter((r) => r.operationId === 'checks/create')).toHaveLength(1);
  });

  it('a GitHub read that fails every retry: the retry completes the same run', async () => {
    const { sha, job } = newRepo();
    flow.github.failNext({ operationId: 'git/get-tree' }, { status: 404 });
    await expect(flow.runJob(job)).rejects.toThrow();
    expect((await flow.runJob(job)).kind).toBe('completed');
    expect(runsOf(sha).map((r) => [r.status, r.conclusion])).toEqual([['completed', 'success']]);
  });

  it('every attempt fails: the run keeps the crash report and the dead-letter settle leaves it', async () => {
    const { repo, sha, job } = newRepo();
    const services = failingResultWrites(flow, 3);
    for (let attempt = 1; attempt <= 3; attempt++)
      await expect(runCheckJob(job, services)).rejects.toThrow(/DynamoDB is down/);
    const settled = await settleDeadJob(job, 3, flow.services);
    expect(settled).toBe('already-completed');
    const runs = runsOf(sha);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    // The report says what went wrong, not the dead-letter consumer's generic words.
    expect(runs[0]!.output.summary).not.toMatch(/tried 3 times/);
    // The record is ended, so another delivery's job for the commit is not held back.
    const record = await flow.runs.get(`${repo.owner}/${repo.name}`, sha);
    expect(record?.state).toBe('completed');
  });

  it('another delivery’s job while the crashed attempt waits for its retry waits too', async () => {
    const { sha, job } = newRepo();
    await expect(runCheckJob(job, failingResultWrites(flow, 1))).rejects.toThrow();
    const other = { ...job, deliveryId: 'd-other-delivery', pr: null, ref: 'refs/heads/main' };
    await expect(flow.runJob(other)).rejects.toMatchObject({ name: 'RetryLaterError' });
    expect((await flow.runJob(job)).kind).toBe('completed');
    expect(runsOf(sha)).toHaveLength(1);
  });

  it('a crash after annotations reached the run: the retry needs a fresh run, the first keeps the report', async () => {
    const id = next++;
    const repo = { owner: 'doubled', name: `policies-${id}`, id: 5000 + id };
    const sha = fakeSha(`${repo.name}-1`);
    const rows = Array.from({ length: 60 }, (_, i) => `| Vendor ${i} | Hosting | Germany | |`).join(
      '\n',
    );
    flow.github.addRepository({
      ...repo,
      commits: [
        {
          sha,
          files: {
            'subprocessors.md': `# Subprocessors\n\n| Name | Purpose | Location | DPA |\n| --- | --- | --- | --- |\n${rows}\n`,
          },
        },
      ],
    });
    const job = pushJob(repo, sha, 'refs/heads/topic');
    // The extra batch lands; the completing update fails every retry.
    flow.github.failNext(
      { operationId: 'checks/update', bodyIncludes: '"status":"completed"' },
      { status: 404 },
    );
    await expect(flow.runJob(job)).rejects.toThrow();
    expect((await flow.runJob(job)).kind).toBe('completed');
    const runs = runsOf(sha).sort((a, b) => a.id - b.id);
    expect(runs.map((r) => [r.status, r.conclusion])).toEqual([
      ['completed', 'failure'],
      ['completed', 'failure'],
    ]);
    expect(runs[0]!.output.title).toMatch(/could not complete/);
    expect(runs[1]!.output.annotations).toHaveLength(60);
  });
});

/**
 * Every path that opens a check run, raced: two attempts at once through it, one run opened.
 * The table of these paths and their guards is in docs/reliability.md.
 */
describe('two jobs racing through each path that opens a run', () => {
  let flow: Flow;
  let next = 1;
  const newRepo = () => {
    const id = next++;
    const repo = { owner: 'racing', name: `policies-${id}`, id: 6000 + id };
    const sha = fakeSha(`${repo.name}-1`);
    flow.github.addRepository({
      ...repo,
      commits: [{ sha, files: { 'subprocessors.md': '# Subprocessors\n\nNone yet.\n' } }],
    });
    return { repo, sha, job: pushJob(repo, sha) };
  };
  const runsOf = (sha: string) =>
    [...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha);
  const settle = (outcomes: PromiseSettledResult<unknown>[]) =>
    outcomes.map((o) =>
      o.status === 'fulfilled'
        ? (o.value as { kind: string }).kind
        : (o.reason as Error).name === 'RetryLaterError'
          ? 'retry-later'
          : (o.reason as Error).message,
    );

  beforeAll(async () => {
    flow = await startFlow();
  });
  afterAll(() => flow.close());

  it('first attempt: two deliveries for a new commit open one run; the other waits', async () => {
    const { sha, job } = newRepo();
    const outcomes = await Promise.allSettled([
      flow.runJob(job),
      flow.runJob({ ...job, deliveryId: 'second-delivery', ref: 'refs/heads/other' }),
    ]);
    expect(settle(outcomes).sort()).toEqual(['completed', 'retry-later']);
    expect(runsOf(sha)).toHaveLength(1);
  });

  it('re-request: two rerequests of a completed commit open one new run', async () => {
    const { sha, job } = newRepo();
    await flow.runJob(job);
    const rerun = (deliveryId: string) => ({
      ...job,
      deliveryId,
      rerun: true,
      trigger: 'check_run' as const,
    });
    const outcomes = await Promise.allSettled([
      flow.runJob(rerun('rerun-a')),
      flow.runJob(rerun('rerun-b')),
    ]);
    expect(settle(outcomes).sort()).toEqual(['completed', 'retry-later']);
    expect(runsOf(sha)).toHaveLength(2);
  });

  it('new context: a pull request and a default-branch push of a judged commit open one run at a time', async () => {
    const { repo, sha, job } = newRepo();
    await flow.runJob({ ...job, ref: 'refs/heads/topic' });
    const pr = {
      ...job,
      deliveryId: 'pr-delivery',
      trigger: 'pull_request' as const,
      ref: 'refs/heads/topic',
      pr: { number: 1, baseSha: sha, mergeBaseSha: sha },
    };
    const push = { ...job, deliveryId: 'main-delivery' };
    const outcomes = await Promise.allSettled([flow.runJob(pr), flow.runJob(push)]);
    expect(settle(outcomes).sort()).toEqual(['completed', 'retry-later']);
    expect(runsOf(sha)).toHaveLength(2);
    void repo;
  });

  it('redelivery or retry: two attempts of one delivery at once take up one run', async () => {
    const { sha, job } = newRepo();
    await expect(runCheckJob(job, failingResultWrites(flow, 1))).rejects.toThrow();
    await Promise.allSettled([flow.runJob(job), flow.runJob(job)]);
    expect(runsOf(sha)).toHaveLength(1);
    expect(runsOf(sha)[0]).toMatchObject({ status: 'completed', conclusion: 'success' });
  });

  it('dead-letter settle: a dead job never opens a run beside another delivery’s job', async () => {
    const { repo, sha, job } = newRepo();
    const dead = { ...job, deliveryId: 'dead-delivery', ref: 'refs/heads/topic' };
    const [settled, ran] = await Promise.allSettled([
      settleDeadJob(dead, 3, flow.services),
      flow.runJob(job),
    ]);
    // Whichever claimed the commit first opened its run; the other found it taken.
    expect(runsOf(sha)).toHaveLength(1);
    const outcome = [settled, ran].map((o) =>
      o.status === 'fulfilled'
        ? typeof o.value === 'string'
          ? o.value
          : o.value.kind
        : (o.reason as Error).name,
    );
    expect([
      ['completed', 'RetryLaterError'],
      ['another-job', 'completed'],
    ]).toContainEqual(outcome);
    void repo;
  });

  it('taking over a job that ran too long: two takers open one run', async () => {
    const { repo, sha, job } = newRepo();
    const full = `${repo.owner}/${repo.name}`;
    // A job that created its run 20 minutes ago and was never heard of again.
    const longAgo = new Date(Date.now() - 20 * 60_000);
    await flow.runs.claim(full, sha, longAgo, 120, 'vanished');
    const stale = await createRun(
      flow.services.github(job.installationId),
      { owner: repo.owner, repo: repo.name },
      sha,
      'vanished',
      longAgo,
    );
    await flow.runs.started(full, sha, stale, 'vanished', longAgo);
    const outcomes = await Promise.allSettled([
      flow.runJob({ ...job, deliveryId: 'taker-a' }),
      flow.runJob({ ...job, deliveryId: 'taker-b', ref: 'refs/heads/topic' }),
    ]);
    expect(settle(outcomes).sort()).toEqual(['completed', 'retry-later']);
    expect(runsOf(sha)).toHaveLength(2);
  });
});

/** The flow's check services with the result write failing `times` times, as DynamoDB down does. */
function failingResultWrites(flow: Flow, times: number) {
  let left = times;
  return {
    ...flow.services,
    results: {
      getResult: flow.services.results.getResult,
      async putResult(result: StoredResult) {
        if (left-- > 0) throw new Error('connect ECONNREFUSED 127.0.0.1 (DynamoDB is down)');
        return flow.services.results.putResult(result);
      },
    },
  };
}
