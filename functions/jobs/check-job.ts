import {
  KeyPartError,
  assertBranch,
  assertBranchRef,
  assertDeliveryId,
  assertOwner,
  assertRepoName,
  isSha,
} from '../store/key-parts.js';

/**
 * The job the webhook hands to the check function (DESIGN.md, "The check job"). Small and
 * versioned: a queue may still hold version-1 messages when a newer consumer is deployed.
 */
export type CheckTrigger = 'push' | 'pull_request' | 'check_suite' | 'check_run' | 'installation';

export interface CheckJobRepo {
  owner: string;
  name: string;
  id: number;
}

export interface CheckJobPullRequest {
  number: number;
  baseSha: string;
  /** Unknown to the webhook for some events; the check function asks GitHub when null. */
  mergeBaseSha: string | null;
}

export interface CheckJob {
  v: 1;
  deliveryId: string;
  trigger: CheckTrigger;
  repo: CheckJobRepo;
  installationId: number;
  sha: string;
  /** `refs/heads/<branch>` of the push or of the PR head; null when unknown. */
  ref: string | null;
  pr: CheckJobPullRequest | null;
  /** The repository's default branch name, so the check knows whether to publish. */
  defaultBranch: string | null;
  /** A rerequest runs again even when this commit already has a verdict. */
  rerun: boolean;
}

const TRIGGERS = new Set<CheckTrigger>([
  'push',
  'pull_request',
  'check_suite',
  'check_run',
  'installation',
]);

/** The check of one key part, as the reason a job is refused, or null when it passes. */
function keyProblem(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof KeyPartError) return error.message;
    throw error;
  }
}

/**
 * Reads a queue message body back into a job, or says exactly what is wrong with it. Every value
 * that becomes part of a storage key (repository, shas, refs, delivery id) is checked by
 * key-parts.ts here, so a job that got onto the queue some other way is refused, not stored.
 */
export function parseCheckJob(body: string): CheckJob {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Error('check job: the message body is not JSON');
  }
  const job = value as Partial<CheckJob> | null;
  const fail = (what: string): never => {
    throw new Error(`check job: ${what}`);
  };
  if (!job || typeof job !== 'object') return fail('the message is not an object');
  if (job.v !== 1) return fail(`unsupported version ${String(job.v)} (this consumer reads v1)`);
  if (typeof job.deliveryId !== 'string' || !job.deliveryId) fail('deliveryId is missing');
  const badId = keyProblem(() => assertDeliveryId(job.deliveryId));
  if (badId) fail(badId);
  if (!job.trigger || !TRIGGERS.has(job.trigger)) fail(`unknown trigger ${String(job.trigger)}`);
  const repo = job.repo;
  if (
    !repo ||
    typeof repo.owner !== 'string' ||
    typeof repo.name !== 'string' ||
    typeof repo.id !== 'number'
  )
    fail('repo must have owner, name and id');
  const badRepo = keyProblem(() => (assertOwner(repo!.owner), assertRepoName(repo!.name)));
  if (badRepo) fail(badRepo);
  if (typeof job.installationId !== 'number') fail('installationId is missing');
  if (!isSha(job.sha)) fail('sha must be a 40-hex (or 64-hex) commit id');
  if (job.pr !== null && job.pr !== undefined) {
    if (typeof job.pr.number !== 'number' || typeof job.pr.baseSha !== 'string')
      fail('pr must have number and baseSha');
    if (!isSha(job.pr.baseSha)) fail('pr.baseSha must be a commit id');
    const merge = job.pr.mergeBaseSha;
    if (merge !== null && merge !== undefined && !isSha(merge))
      fail('pr.mergeBaseSha must be a commit id or null');
  }
  const ref = job.ref ?? null;
  const badRef = ref === null ? null : keyProblem(() => assertBranchRef(ref));
  if (badRef) fail(badRef);
  const defaultBranch = job.defaultBranch ?? null;
  const badBranch = defaultBranch === null ? null : keyProblem(() => assertBranch(defaultBranch));
  if (badBranch) fail(`defaultBranch: ${badBranch}`);
  return {
    v: 1,
    deliveryId: job.deliveryId as string,
    trigger: job.trigger as CheckTrigger,
    repo: { owner: repo!.owner, name: repo!.name, id: repo!.id },
    installationId: job.installationId as number,
    sha: job.sha as string,
    ref: job.ref ?? null,
    pr: job.pr ? { ...job.pr, mergeBaseSha: job.pr.mergeBaseSha ?? null } : null,
    defaultBranch: job.defaultBranch ?? null,
    rerun: job.rerun === true,
  };
}

/** `owner/name`, the repository's key everywhere (results, snapshots, logs). */
export function repoKey(repo: Pick<CheckJobRepo, 'owner' | 'name'>): string {
  return `${repo.owner}/${repo.name}`;
}
