import { describe, expect, it } from 'vitest';
import { parseCheckJob } from '../../functions/jobs/check-job.js';
import {
  jobsFromEvent,
  needsHeadResolution,
  UNRESOLVED_HEAD_SHA,
  type EventOutcome,
} from '../../functions/webhook/jobs-from-event.js';
import { example, exampleAction } from './webhook-examples.js';

function jobsOf(outcome: EventOutcome) {
  if (outcome.kind !== 'jobs') throw new Error(`expected jobs, got ${JSON.stringify(outcome)}`);
  // Every job must survive the queue: the consumer reads it back with parseCheckJob.
  for (const job of outcome.jobs) expect(parseCheckJob(JSON.stringify(job))).toEqual(job);
  return outcome.jobs;
}

describe('jobsFromEvent: one delivery, the jobs it asks for', () => {
  it('push to a branch: one job at the pushed head, no pull request', () => {
    const payload = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
    expect(jobsOf(jobsFromEvent('push', 'd1', payload))).toEqual([
      {
        v: 1,
        deliveryId: 'd1',
        trigger: 'push',
        repo: { owner: 'Codertocat', name: 'Hello-World', id: 186853002 },
        installationId: 1,
        sha: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
        ref: 'refs/heads/master',
        pr: null,
        defaultBranch: 'master',
        rerun: false,
      },
    ]);
  });

  it('push of a tag, or one that deletes a branch, is ignored', () => {
    const tag = example('push', (p) => p.ref.startsWith('refs/tags/') && !p.deleted);
    expect(jobsFromEvent('push', 'd', tag)).toMatchObject({ kind: 'ignore' });
    const deleted = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
    deleted.deleted = true;
    deleted.after = UNRESOLVED_HEAD_SHA;
    expect(jobsFromEvent('push', 'd', deleted)).toEqual({
      kind: 'ignore',
      reason: 'push deleted the branch: nothing to check',
    });
    const zeroAfter = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
    zeroAfter.after = UNRESOLVED_HEAD_SHA;
    expect(jobsFromEvent('push', 'd', zeroAfter)).toMatchObject({ kind: 'ignore' });
  });

  it.each(['opened', 'synchronize', 'reopened', 'ready_for_review'])(
    'pull_request.%s: a PR-mode job at the head, against the base',
    (action) => {
      const payload = example('pull_request', (p) => p.action === action);
      payload.installation ??= { id: 1 };
      const [job] = jobsOf(jobsFromEvent('pull_request', 'd', payload));
      expect(job).toMatchObject({
        trigger: 'pull_request',
        sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
        ref: 'refs/heads/changes',
        pr: { number: 2, baseSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', mergeBaseSha: null },
        defaultBranch: 'master',
        rerun: false,
      });
    },
  );

  it("a fork's head branch is not this repository's branch: ref is null", () => {
    const payload = exampleAction('pull_request', 'opened');
    payload.pull_request.head.repo = {
      ...payload.pull_request.head.repo,
      id: 999,
      full_name: 'x/y',
    };
    payload.pull_request.head.ref = 'master'; // the fork's master must never look like ours
    const [job] = jobsOf(jobsFromEvent('pull_request', 'd', payload));
    expect(job!.ref).toBeNull();
  });

  it('pull_request.closed and other actions are ignored with a reason', () => {
    expect(jobsFromEvent('pull_request', 'd', exampleAction('pull_request', 'closed'))).toEqual({
      kind: 'ignore',
      reason: 'pull_request.closed is not checked',
    });
  });

  it('check_suite.requested runs once; rerequested runs again, with its pull request', () => {
    const [requested] = jobsOf(
      jobsFromEvent('check_suite', 'd', exampleAction('check_suite', 'requested')),
    );
    expect(requested).toMatchObject({
      trigger: 'check_suite',
      sha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      ref: 'refs/heads/master',
      pr: null,
      installationId: 957387,
      rerun: false,
    });
    const [rerequested] = jobsOf(
      jobsFromEvent('check_suite', 'd', exampleAction('check_suite', 'rerequested')),
    );
    expect(rerequested).toMatchObject({
      sha: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      ref: 'refs/heads/changes',
      pr: { number: 2, baseSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e', mergeBaseSha: null },
      rerun: true,
    });
    const completed = example('check_suite', (p) => p.action === 'completed');
    expect(jobsFromEvent('check_suite', 'd', completed)).toMatchObject({ kind: 'ignore' });
  });

  it("check_run.rerequested is a rerun; created (this app's own echo) is ignored", () => {
    const [job] = jobsOf(
      jobsFromEvent('check_run', 'd', exampleAction('check_run', 'rerequested')),
    );
    expect(job).toMatchObject({
      trigger: 'check_run',
      repo: { owner: 'github', name: 'hello-world' },
      sha: 'd6fde92930d4715a2b49857d24b940956b26d2d3',
      ref: 'refs/heads/master',
      rerun: true,
    });
    const created = example('check_run', (p) => p.action === 'created');
    expect(jobsFromEvent('check_run', 'd', created)).toEqual({
      kind: 'ignore',
      reason: 'check_run.created is not checked',
    });
  });

  it('installation.created: one job per repository, its head left to the check function', () => {
    const payload = example('installation', (p) => p.action === 'created');
    payload.repositories.push({ id: 42, name: 'Space', full_name: 'Codertocat/Space' });
    const jobs = jobsOf(jobsFromEvent('installation', 'd', payload));
    expect(jobs.map((j) => [j.repo.owner, j.repo.name, j.repo.id])).toEqual([
      ['Codertocat', 'Hello-World', 186853002],
      ['Codertocat', 'Space', 42],
    ]);
    for (const job of jobs) {
      expect(job).toMatchObject({ trigger: 'installation', installationId: 957387, ref: null });
      expect(needsHeadResolution(job)).toBe(true);
    }
    const deleted = example('installation', (p) => p.action === 'deleted');
    expect(jobsFromEvent('installation', 'd', deleted)).toMatchObject({ kind: 'ignore' });
  });

  it('installation_repositories.added checks the added repositories; removed is ignored', () => {
    const added = example('installation_repositories', (p) => p.action === 'added');
    const jobs = jobsOf(jobsFromEvent('installation_repositories', 'd', added));
    expect(jobs.map((j) => `${j.repo.owner}/${j.repo.name}`)).toEqual(['Codertocat/Space']);
    const removed = example('installation_repositories', (p) => p.action === 'removed');
    expect(jobsFromEvent('installation_repositories', 'd', removed)).toMatchObject({
      kind: 'ignore',
    });
  });

  it('ping answers; an unknown event is ignored with a reason', () => {
    const ping = example('ping');
    expect(jobsFromEvent('ping', 'd', ping)).toEqual({ kind: 'ping', zen: ping.zen });
    expect(jobsFromEvent('star', 'd', example('star'))).toEqual({
      kind: 'ignore',
      reason: 'star event is not one this app checks',
    });
  });

  it('a payload without an installation (a repository hook) is ignored, not a crash', () => {
    const payload = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
    delete payload.installation;
    expect(jobsFromEvent('push', 'd', payload)).toMatchObject({
      kind: 'ignore',
      reason: expect.stringContaining('installation.id'),
    });
    expect(jobsFromEvent('push', 'd', [1, 2])).toMatchObject({ kind: 'ignore' });
  });
});
