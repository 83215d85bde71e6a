import {
  buildAliasIndex,
  checkSources,
  configChangedProblem,
  configChanges,
  type CheckInput,
  type PolicyConfig,
  type RulePack,
} from '../engine/index.js';
import { repoKey, type CheckJob } from '../jobs/check-job.js';
import { needsHeadResolution } from '../webhook/jobs-from-event.js';
import type { GitHubClient } from '../github/octokit.js';
import { defaultBranchHead } from '../github/default-branch-head.js';
import { readCommit, type CommitFiles } from '../github/read-commit.js';
import {
  completeRun,
  openRun,
  type AnnotationProgress,
  type RunTarget,
} from '../github/check-run-api.js';
import { RetryLaterError } from '../github/retry-later.js';
import { buildCheckRunOutput, changedLines, errorOutput } from '../github/check-output/index.js';
import type { CheckRunStore, RunRecord } from '../store/check-runs.js';
import type { StoredFinding, StoredParty, StoredResult } from '../store/stored-result.js';
import { configVersion, resultFields } from './result-from-report.js';

export interface CheckServices {
  github(installationId: number): GitHubClient;
  runs: CheckRunStore;
  results: {
    getResult(repo: string, sha: string): Promise<StoredResult | null>;
    putResult(result: StoredResult): Promise<void>;
  };
  rulePack: RulePack;
  now(): Date;
  /** Called with a default-branch result once it is stored: hands it to the snapshot publisher. */
  onDefaultBranchResult?(published: DefaultBranchResult): Promise<void>;
  /** Annotations per run; the rest are counted in the summary. */
  annotationCap?: number;
  /** Which run each attempt opened or took up, and the crashes it reported (debug lines). */
  log?: (entry: Record<string, unknown>) => void;
}

export interface DefaultBranchResult {
  result: StoredResult;
  onFailure: PolicyConfig['snapshot']['onFailure'];
  /** The default branch's head when the files were read: an older commit is not published. */
  headSha: string | null;
  /** So the publisher can ask GitHub for the branch's head again, just before it publishes. */
  installationId: number;
  /** `page:` of the config: the branding of the public page published beside the snapshot. */
  page: PolicyConfig['page'] | null;
}

export type JobOutcome =
  { kind: 'completed'; result: StoredResult } | { kind: 'skipped'; reason: string };

/** How long a claim to create a commit's run holds before another job may take it over. */
const CREATE_LEASE_SECONDS = 120;

/**
 * One check job: one "Policy compliance" run for the commit, created at once, completed with
 * the verdict, the result stored. A failure after the run exists completes it with the error
 * (never left spinning) and is rethrown so the queue retries the job.
 */
export async function runCheckJob(queued: CheckJob, services: CheckServices): Promise<JobOutcome> {
  const job = needsHeadResolution(queued)
    ? await resolveDefaultHead(services.github(queued.installationId), queued)
    : queued;
  if (!job) return { kind: 'skipped', reason: 'the repository has no commits yet' };
  const repo = repoKey(job.repo);
  const startedAt = services.now();
  const claim = await services.runs.claim(
    repo,
    job.sha,
    startedAt,
    CREATE_LEASE_SECONDS,
    job.deliveryId,
  );
  const record = claim.kind === 'existing' ? claim.record : null;
  if (record) {
    if (record.publishPending !== null && isDefaultBranchPush(job) && !job.rerun)
      return publishPending(job, record.publishPending, services);
    const skip = reasonToSkip(record, job, startedAt);
    if (skip) return { kind: 'skipped', reason: skip };
  }
  // The job's own run, handed back by the record: an earlier attempt of this delivery made it
  // and is over (the queue hands a job out once at a time), whether it died, waited out a
  // rate limit or completed the run with its crash. Taken up, so a retry never opens a second.
  // Not one that already carries annotations: GitHub cannot take them back, and a retry
  // would add the same ones again.
  const own =
    record?.state === 'in_progress' &&
    record.deliveryId === job.deliveryId &&
    record.crashReported !== 'annotated'
      ? record.checkRunId
      : null;
  // Any other run is a fresh one, for a new verdict (GitHub appends annotations to a run and
  // cannot take them back, so re-using another verdict's run would mix their findings; the
  // newest run is the one shown). Opening it is claimed on the record as it was read, so of
  // two jobs that read the same record only one opens the next run.
  const ours = record?.state === 'in_progress' && record.deliveryId === job.deliveryId;
  if (
    record &&
    own === null &&
    !ours &&
    !(await services.runs.claimNext(
      repo,
      job.sha,
      startedAt,
      CREATE_LEASE_SECONDS,
      job.deliveryId,
      record.state,
      record.checkRunId,
    ))
  )
    throw new RetryLaterError(1, 'another job opened this commit’s next run');
  const octokit = services.github(job.installationId);
  const target: RunTarget = { owner: job.repo.owner, repo: job.repo.name };
  const log = (msg: string, fields: Record<string, unknown>): void =>
    services.log?.({
      level: 'info',
      msg,
      deliveryId: job.deliveryId,
      repo,
      sha: job.sha,
      ...fields,
    });
  let checkRunId = own;
  if (checkRunId === null) {
    const adopt = claim.kind === 'claimed' && claim.tookOver;
    try {
      checkRunId = await openRun(octokit, target, job.sha, job.deliveryId, startedAt, { adopt });
    } catch (error) {
      await services.runs.abandonClaim(repo, job.sha);
      throw error;
    }
    log('check run opened', {
      checkRunId,
      claim: record ? 'next run' : adopt ? 'taken over' : 'first',
    });
  } else {
    log('check run taken up', { checkRunId, crashReported: record?.crashReported ?? null });
  }
  await services.runs.started(repo, job.sha, checkRunId, job.deliveryId, startedAt);
  let checked: Awaited<ReturnType<typeof checkAndComplete>>;
  const progress: AnnotationProgress = { annotated: false };
  try {
    checked = await checkAndComplete(job, services, octokit, target, checkRunId, {
      startedAt,
      progress,
    });
  } catch (error) {
    // The run says what went wrong, and the record stays this job's: the queue's retry
    // finishes the same run, and the dead-letter consumer leaves the report as it is.
    if (
      !(error instanceof RetryLaterError) &&
      (await reportCrash(octokit, target, checkRunId, error, services.now()))
    ) {
      log('crash reported on the run', { checkRunId, annotated: progress.annotated });
      await services.runs.crashReported(repo, job.sha, job.deliveryId, progress.annotated);
    }
    throw error;
  }
  const { config, defaultBranchHead, ...result } = checked;
  // Outside the crash handling: the run's verdict stands whatever happens to the publish. The
  // context is recorded only after it; until then the record says what is left to publish,
  // so a retry publishes the stored verdict rather than checking the commit again.
  const publish: PendingPublish | null =
    isDefaultBranchPush(job) && services.onDefaultBranchResult
      ? {
          onFailure: config.snapshot.onFailure,
          headSha: defaultBranchHead,
          installationId: job.installationId,
          page: config.page,
        }
      : null;
  const pending = publish ? JSON.stringify(publish) : undefined;
  await services.runs.completed(repo, job.sha, result.conclusion, null, pending);
  return publishAndRecord(job, result, publish, services);
}

type PendingPublish = Omit<DefaultBranchResult, 'result'>;

/** A verdict stored and shown, whose snapshot failed to publish: published now, unchanged. */
async function publishPending(
  job: CheckJob,
  pending: string,
  services: CheckServices,
): Promise<JobOutcome> {
  const repo = repoKey(job.repo);
  const result = await services.results.getResult(repo, job.sha);
  if (!result) throw new Error(`${repo}@${job.sha}: the verdict to publish is not stored`);
  return publishAndRecord(job, result, JSON.parse(pending) as PendingPublish, services);
}

/** Publishes the verdict (when there is something to publish), then records its context. */
async function publishAndRecord(
  job: CheckJob,
  result: StoredResult,
  publish: PendingPublish | null,
  services: CheckServices,
): Promise<JobOutcome> {
  if (publish) await services.onDefaultBranchResult?.({ result, ...publish });
  await services.runs.completed(repoKey(job.repo), job.sha, result.conclusion, jobContext(job));
  return { kind: 'completed', result };
}

/** How long another job's run may be in progress before it is taken for dead (Lambda's limit). */
const RUNNING_FOR_AT_MOST_SECONDS = 15 * 60;

/**
 * Why a job need not run, or null. One verdict per commit: a context judged already (or a
 * plain push, which a pull request's or the default branch's verdict covers) is skipped; a
 * job that finds another job checking the commit waits for it rather than racing it.
 */
function reasonToSkip(record: RunRecord, job: CheckJob, now: Date): string | null {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (record.state === 'creating')
    throw new RetryLaterError(
      Math.max(1, record.leaseUntil - nowSeconds),
      'another job is creating this commit’s check run',
    );
  if (
    record.state === 'in_progress' &&
    record.deliveryId !== job.deliveryId &&
    nowSeconds - record.startedAt < RUNNING_FOR_AT_MOST_SECONDS
  )
    throw new RetryLaterError(30, 'another job is checking this commit');
  if (record.state !== 'completed' || job.rerun) return null;
  const context = jobContext(job);
  const covered =
    record.contexts.includes(context) || (context === 'push' && record.contexts.length > 0);
  return covered ? `${repoKey(job.repo)}@${job.sha.slice(0, 7)} already has a verdict` : null;
}

/**
 * An installation's job names only the repository: its default branch's head is looked up
 * here, where the GitHub credentials are (one GraphQL call).
 */
export async function resolveDefaultHead(
  octokit: GitHubClient,
  job: CheckJob,
): Promise<CheckJob | null> {
  const head = await defaultBranchHead(octokit, job.repo.owner, job.repo.name);
  if (!head) return null;
  return { ...job, sha: head.sha, ref: `refs/heads/${head.name}`, defaultBranch: head.name };
}

/** What a job judges the commit as: its verdict in one context does not answer another. */
function jobContext(job: CheckJob): string {
  if (job.pr) return `pr:${job.pr.number}`;
  return isDefaultBranchPush(job) ? 'default-branch' : 'push';
}

function isDefaultBranchPush(job: CheckJob): boolean {
  return (
    job.pr === null && job.defaultBranch !== null && job.ref === `refs/heads/${job.defaultBranch}`
  );
}

async function checkAndComplete(
  job: CheckJob,
  services: CheckServices,
  octokit: GitHubClient,
  target: RunTarget,
  checkRunId: number,
  attempt: { startedAt: Date; progress: AnnotationProgress },
): Promise<StoredResult & { config: PolicyConfig; defaultBranchHead: string | null }> {
  const { startedAt, progress } = attempt;
  const repo = repoKey(job.repo);
  const now = services.now();
  const baseSha = job.pr ? (job.pr.mergeBaseSha ?? (await mergeBase(octokit, job))) : null;
  const files = await readCommit(octokit, {
    owner: job.repo.owner,
    name: job.repo.name,
    sha: job.sha,
    baseSha,
    now,
  });
  const today = now.toISOString().slice(0, 10);
  const baseLabel = baseSha ? `the base ${baseSha.slice(0, 7)}` : '';
  const proposed = files.proposedConfig;
  const changed = proposed
    ? configChangedProblem(configChanges(files.config, proposed.config), baseLabel)
    : null;
  const proposedPath = proposed?.path ?? files.config.path;
  const report = checkSources(files.inputs, {
    rulePack: services.rulePack,
    config: files.config,
    configProblems: files.configProblems,
    now: today,
    lineAge: files.lineAge,
    ...(files.baseInputs ? { baseline: { label: baseLabel, inputs: files.baseInputs } } : {}),
    ...(proposed && proposedPath
      ? {
          proposedConfig: {
            path: proposedPath,
            problems: [...proposed.problems, ...(changed ? [changed] : [])],
          },
        }
      : {}),
  });
  const fields = resultFields(report, repo, job.sha, {
    text: files.configText,
    rulePackVersion: services.rulePack.version,
  });
  const base = baseSha ? await baseResult(services, repo, baseSha, files, today) : null;
  const output = buildCheckRunOutput({
    mode: job.pr ? 'pull_request' : 'push',
    failOn: files.config.failOn,
    head: { findings: fields.findings, thirdParties: fields.thirdParties, files: fields.files },
    base,
    changedLines: base ? changedLinesByPath(files.inputs, files.baseInputs ?? []) : null,
    annotationCap: services.annotationCap ?? 500,
    aliasIndex: buildAliasIndex(services.rulePack.aliases),
  });
  const completedAt = services.now();
  await completeRun(
    octokit,
    target,
    checkRunId,
    output.conclusion,
    { title: output.title, summary: output.summary, text: output.text },
    output.annotationBatches,
    completedAt,
    progress,
  );
  const result: StoredResult = {
    ...fields,
    ref: job.ref,
    trigger: job.trigger,
    deliveryId: job.deliveryId,
    pr: job.pr ? { number: job.pr.number, baseSha: job.pr.baseSha } : null,
    conclusion: output.conclusion,
    checkRunId,
    timings: {
      startedAt: startedAt.toISOString(),
      completedAt: completedAt.toISOString(),
      durationMs: completedAt.getTime() - startedAt.getTime(),
    },
  };
  await services.results.putResult(result);
  return {
    ...result,
    config: files.config,
    defaultBranchHead: files.defaultBranch?.headSha ?? null,
  };
}

/**
 * Where the pull request's branch left its base: what it changed is judged against that, not
 * against the base branch's tip, which may have moved on (one compare call).
 */
async function mergeBase(octokit: GitHubClient, job: CheckJob): Promise<string> {
  const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
    owner: job.repo.owner,
    repo: job.repo.name,
    basehead: `${job.pr!.baseSha}...${job.sha}`,
    per_page: 1,
  });
  return data.merge_base_commit.sha;
}

/**
 * The base's findings and list: its stored result when it was computed with the same config
 * and rule pack, else checked now from the base's texts (read in the same query as the head).
 */
async function baseResult(
  services: CheckServices,
  repo: string,
  baseSha: string,
  files: CommitFiles,
  today: string,
): Promise<{ findings: StoredFinding[]; thirdParties: StoredParty[] }> {
  const stored = await services.results.getResult(repo, baseSha);
  if (
    stored &&
    stored.configVersion === configVersion(files.configText) &&
    stored.rulePackVersion === services.rulePack.version
  )
    return { findings: stored.findings, thirdParties: stored.thirdParties };
  const report = checkSources(files.baseInputs ?? [], {
    rulePack: services.rulePack,
    config: files.config,
    configProblems: files.configProblems,
    now: today,
    lineAge: files.lineAge,
  });
  const fields = resultFields(report, repo, baseSha, {
    text: files.configText,
    rulePackVersion: services.rulePack.version,
  });
  return { findings: fields.findings, thirdParties: fields.thirdParties };
}

function changedLinesByPath(
  head: readonly CheckInput[],
  base: readonly CheckInput[],
): Map<string, Set<number>> {
  const baseText = new Map(base.flatMap((i) => ('text' in i ? [[i.path, i.text] as const] : [])));
  return new Map(
    head.flatMap((i) =>
      'text' in i ? [[i.path, changedLines(baseText.get(i.path) ?? null, i.text)] as const] : [],
    ),
  );
}

/** Completes the run with what went wrong, best effort (true when it did): the job is retried either way. */
async function reportCrash(
  octokit: GitHubClient,
  target: RunTarget,
  checkRunId: number,
  error: unknown,
  now: Date,
): Promise<boolean> {
  const output = errorOutput(error);
  try {
    const { title, summary } = output;
    await completeRun(octokit, target, checkRunId, output.conclusion, { title, summary }, [], now);
    return true;
  } catch {
    // GitHub itself is failing; the dead-letter consumer completes the run if all retries fail.
    return false;
  }
}
