import type { GitHubClient } from './octokit.js';
import type { Annotation } from './check-output/index.js';

export const CHECK_NAME = 'Policy compliance';

export interface RunTarget {
  owner: string;
  repo: string;
}

export interface RunOutput {
  title: string;
  summary: string;
  text?: string;
}

/** Creates the run `in_progress` at once, so the pull request shows the check is running. */
export async function createRun(
  octokit: GitHubClient,
  target: RunTarget,
  sha: string,
  externalId: string,
  startedAt: Date,
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    ...target,
    name: CHECK_NAME,
    head_sha: sha,
    status: 'in_progress',
    external_id: externalId,
    started_at: startedAt.toISOString(),
    output: { title: 'Checking the policy files…', summary: 'The check has started.' },
  });
  return data.id;
}

/**
 * Completes the run with every annotation batch: the extra batches go first while the run is
 * still in progress, and the completing request carries the first, so a run never shows
 * "completed" with annotations still arriving. GitHub takes at most 50 per request.
 */
export async function completeRun(
  octokit: GitHubClient,
  target: RunTarget,
  checkRunId: number,
  conclusion: 'success' | 'failure' | 'neutral',
  output: RunOutput,
  batches: readonly Annotation[][],
  completedAt: Date,
): Promise<void> {
  for (const batch of batches.slice(1)) {
    await octokit.rest.checks.update({
      ...target,
      check_run_id: checkRunId,
      output: { title: output.title, summary: output.summary, annotations: batch },
    });
  }
  await octokit.rest.checks.update({
    ...target,
    check_run_id: checkRunId,
    status: 'completed',
    conclusion,
    completed_at: completedAt.toISOString(),
    output: { ...output, ...(batches[0] ? { annotations: batches[0] } : {}) },
  });
}
