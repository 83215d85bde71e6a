import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRun } from '../../functions/github/check-run-api.js';
import { fakeSha } from '../../functions/local/github-stand-in/index.js';
import { pushJob, startFlow, type Flow } from './flow-harness.js';

/**
 * Faults between the check function and GitHub that lose an answer: a reset, a hang past the
 * client's time limit, a create GitHub performed whose answer never came back, and a job that
 * died between creating its run and recording it. Each ends with one completed run per commit.
 */
describe('the check job under GitHub faults', () => {
  let flow: Flow;
  let next = 1;
  const newRepo = () => {
    const id = next++;
    const repo = { owner: 'faults', name: `policies-${id}`, id: 3000 + id };
    const sha = fakeSha(`${repo.name}-1`);
    flow.github.addRepository({
      ...repo,
      commits: [{ sha, files: { 'subprocessors.md': '# Subprocessors\n\nNone yet.\n' } }],
    });
    return { repo, sha, job: pushJob(repo, sha, 'refs/heads/topic') };
  };
  const runsOf = (sha: string) =>
    [...flow.github.checkRuns.values()].filter((r) => r.head_sha === sha);
  const calls = () => flow.github.requests.map((r) => r.operationId);

  beforeAll(async () => {
    flow = await startFlow({ requestTimeoutMs: 400 });
  });
  afterAll(() => flow.close());
  beforeEach(() => flow.github.clearRecords());

  it('a create whose answer was lost after GitHub made the run takes that run up', async () => {
    const { sha, job } = newRepo();
    flow.github.failNext({ operationId: 'checks/create' }, { reset: true, afterHandling: true });
    expect((await flow.runJob(job)).kind).toBe('completed');
    expect(runsOf(sha).map((r) => r.status)).toEqual(['completed']);
    // Looked for the run before creating another; found it, so created none.
    expect(calls().filter((c) => c === 'checks/create')).toHaveLength(1);
    expect(calls()).toContain('checks/list-for-ref');
    flow.github.assertNoViolations();
  });

  it('a create reset before GitHub acted is sent again once nothing was made', async () => {
    const { sha, job } = newRepo();
    flow.github.failNext({ operationId: 'checks/create' }, { reset: true });
    expect((await flow.runJob(job)).kind).toBe('completed');
    expect(runsOf(sha).map((r) => r.status)).toEqual(['completed']);
    expect(calls().filter((c) => c === 'checks/create')).toHaveLength(2);
  });

  it('a read that hangs past the client’s time limit is abandoned and retried', async () => {
    const { sha, job } = newRepo();
    flow.github.failNext({ graphql: true }, { hangMs: 2000 });
    const started = Date.now();
    expect((await flow.runJob(job)).kind).toBe('completed');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(runsOf(sha).map((r) => r.status)).toEqual(['completed']);
    expect(flow.github.faultsInjected.at(-1)?.kind).toBe('hang 2000 ms');
  });

  it('a job that died between creating its run and recording it: the retry adopts the run', async () => {
    const { repo, sha, job } = newRepo();
    // The first attempt: claimed, created the run, and died before recording its id.
    const claimed = await flow.runs.claim(
      `${repo.owner}/${repo.name}`,
      sha,
      new Date(),
      120,
      job.deliveryId,
    );
    expect(claimed).toEqual({ kind: 'claimed', tookOver: false });
    const octokit = flow.services.github(job.installationId);
    const orphan = await createRun(
      octokit,
      { owner: repo.owner, repo: repo.name },
      sha,
      job.deliveryId,
      new Date(),
    );
    expect((await flow.runJob(job)).kind).toBe('completed');
    expect(runsOf(sha).map((r) => [r.id, r.status])).toEqual([[orphan, 'completed']]);
  });

  it('another delivery’s claim still holds: the job waits instead of racing it', async () => {
    const { repo, sha, job } = newRepo();
    await flow.runs.claim(`${repo.owner}/${repo.name}`, sha, new Date(), 120, 'someone-else');
    await expect(flow.runJob(job)).rejects.toThrow('another job is creating');
    expect(runsOf(sha)).toHaveLength(0);
  });

  it('chaos with one seed injects the same faults again', async () => {
    const kinds = async (): Promise<string[]> => {
      flow.github.faultsInjected.length = 0;
      flow.github.chaos({
        rate: 0.5,
        seed: 7,
        responses: [{ status: 500 }, { status: 502 }, { reset: true }],
        matcher: { operationId: 'repos/get' },
      });
      for (let i = 0; i < 12; i++)
        await fetch(`${flow.github.url}/repos/faults/policies-1`).catch(() => undefined);
      flow.github.chaos({ rate: 0, seed: 0, responses: [] });
      return flow.github.faultsInjected.map((f) => f.kind);
    };
    const first = await kinds();
    expect(first.length).toBeGreaterThan(0);
    expect(await kinds()).toEqual(first);
  });
});
