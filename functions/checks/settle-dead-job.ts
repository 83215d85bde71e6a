import { repoKey, type CheckJob } from '../jobs/check-job.js';
import { needsHeadResolution } from '../webhook/jobs-from-event.js';
import { resolveDefaultHead } from './run-check-job.js';
import { completeRun, findOpenRun, openRun, type RunTarget } from '../github/check-run-api.js';
import type { GitHubClient } from '../github/octokit.js';
import type { CheckRunStore } from '../store/check-runs.js';

export interface SettleServices {
  github(installationId: number): GitHubClient;
  runs: CheckRunStore;
  now(): Date;
}

/** How long a dead job's claim is held while the settle opens its run. */
const SETTLE_LEASE_SECONDS = 120;

/**
 * A job that died on its last attempt: a function timeout kills the process before it can
 * say anything, so its run may still spin. The dead-letter consumer completes it (or creates
 * it completed, when the job died before creating it) so the commit shows what happened. It
 * opens a run only under the commit's claim, like a check job, and never touches a run that
 * another delivery's job owns.
 */
export async function settleDeadJob(
  dead: CheckJob,
  attempts: number,
  services: SettleServices,
): Promise<'completed' | 'already-completed' | 'another-job'> {
  const job = needsHeadResolution(dead)
    ? await resolveDefaultHead(services.github(dead.installationId), dead)
    : dead;
  if (!job) return 'already-completed';
  const repo = repoKey(job.repo);
  const record = await services.runs.get(repo, job.sha);
  if (record?.state === 'completed') return 'already-completed';
  const octokit = services.github(job.installationId);
  const target: RunTarget = { owner: job.repo.owner, repo: job.repo.name };
  const now = services.now();
  const ours = record !== null && record.deliveryId === job.deliveryId;
  // The last attempt completed its run with what went wrong: that report stays; the record
  // is ended so that the commit's next job is not held back.
  if (ours && record.crashReported !== null) {
    await services.runs.completed(repo, job.sha, 'failure', null);
    return 'already-completed';
  }
  let checkRunId: number;
  if (record !== null && !ours) {
    // Another delivery's job owns the commit's run; only a run this job left spinning is ours.
    const left = await findOpenRun(octokit, target, job.sha, job.deliveryId);
    if (left === null) return 'another-job';
    checkRunId = left;
  } else if (record?.checkRunId != null) {
    checkRunId = record.checkRunId;
  } else {
    // The job died before its run was recorded (or before it claimed the commit at all).
    if (record === null) {
      const claim = await services.runs.claim(
        repo,
        job.sha,
        now,
        SETTLE_LEASE_SECONDS,
        job.deliveryId,
      );
      if (claim.kind === 'existing') return settleDeadJob(job, attempts, services);
    }
    checkRunId = await openRun(octokit, target, job.sha, job.deliveryId, now, { adopt: true });
    await services.runs.started(repo, job.sha, checkRunId, job.deliveryId, now);
  }
  await completeRun(
    octokit,
    target,
    checkRunId,
    'failure',
    {
      title: 'The check could not finish',
      summary: [
        `policy-checker tried ${attempts} time${attempts === 1 ? '' : 's'} and could not finish checking this commit`,
        '(it crashed or ran out of time). Nothing was published for it.',
        '',
        'Re-run the check from the **Checks** tab; if it fails again, the service operator will find this job in the dead-letter queue.',
      ].join('\n'),
    },
    [],
    now,
  );
  if (ours || record === null) await services.runs.completed(repo, job.sha, 'failure', null);
  return 'completed';
}
