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
  request: { retries?: number } = {},
): Promise<number> {
  const { data } = await octokit.rest.checks.create({
    request,
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

/** Attempts at creating a run, each after looking for one an earlier attempt made. */
const CREATE_ATTEMPTS = 3;

/**
 * This delivery's run for the commit: the one an earlier attempt created, when `adopt` says an
 * attempt may have died between creating it and recording its id, else a new one. A create
 * whose answer is lost (a reset, a timeout, a 5xx after GitHub acted) is not simply sent
 * again, which could leave a second run spinning beside the first: the commit's runs are
 * listed first, and a run carrying this delivery as its external id is taken up.
 */
export async function openRun(
  octokit: GitHubClient,
  target: RunTarget,
  sha: string,
  externalId: string,
  startedAt: Date,
  options: { adopt: boolean },
): Promise<number> {
  if (options.adopt) {
    const found = await findOpenRun(octokit, target, sha, externalId);
    if (found !== null) return found;
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await createRun(octokit, target, sha, externalId, startedAt, { retries: 0 });
    } catch (error) {
      if (!isRetryable(error) || attempt >= CREATE_ATTEMPTS) throw error;
      const found = await findOpenRun(octokit, target, sha, externalId);
      if (found !== null) return found;
    }
  }
}

/** A 5xx, or no answer at all (octokit reports a failed or timed-out fetch as 500). */
function isRetryable(error: unknown): boolean {
  const status = (error as { status?: unknown }).status;
  return typeof status !== 'number' || status >= 500;
}

/** The newest run of this check for the commit, still in progress, made for `externalId`. */
export async function findOpenRun(
  octokit: GitHubClient,
  target: RunTarget,
  sha: string,
  externalId: string,
): Promise<number | null> {
  const { data } = await octokit.rest.checks.listForRef({
    ...target,
    ref: sha,
    check_name: CHECK_NAME,
    status: 'in_progress',
    filter: 'all',
    per_page: 100,
  });
  const run = data.check_runs.find((r) => r.external_id === externalId);
  return run?.id ?? null;
}

/** Whether any annotation may have reached the run (GitHub appends them and never takes one back). */
export interface AnnotationProgress {
  annotated: boolean;
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
  progress: AnnotationProgress = { annotated: false },
): Promise<void> {
  for (const batch of batches.slice(1)) {
    // Set before the request: a request whose answer is lost may still have added them.
    progress.annotated = true;
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
