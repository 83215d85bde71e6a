import { repoKey, type CheckJob } from '../jobs/check-job.js';
import { needsHeadResolution } from '../webhook/jobs-from-event.js';
import { resolveDefaultHead } from './run-check-job.js';
import { completeRun, openRun, type RunTarget } from '../github/check-run-api.js';
import type { GitHubClient } from '../github/octokit.js';
import type { CheckRunStore } from '../store/check-runs.js';

export interface SettleServices {
  github(installationId: number): GitHubClient;
  runs: CheckRunStore;
  now(): Date;
}

/**
 * A job that died on its last attempt: a function timeout kills the process before it can
 * say anything, so its run may still spin. The dead-letter consumer completes it (or creates
 * it completed, when the job died before creating it) so the commit shows what happened.
 */
export async function settleDeadJob(
  dead: CheckJob,
  attempts: number,
  services: SettleServices,
): Promise<'completed' | 'already-completed'> {
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
  // A job that died between creating its run and recording it left the run in progress.
  const checkRunId =
    record?.checkRunId ??
    (await openRun(octokit, target, job.sha, job.deliveryId, now, { adopt: true }));
  if (record?.checkRunId == null)
    await services.runs.started(repo, job.sha, checkRunId, job.deliveryId, now);
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
  await services.runs.completed(repo, job.sha, 'failure', null);
  return 'completed';
}
