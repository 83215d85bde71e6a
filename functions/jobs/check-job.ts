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
const SHA = /^[0-9a-f]{40}$/;

/** Reads a queue message body back into a job, or says exactly what is wrong with it. */
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
  if (!job.trigger || !TRIGGERS.has(job.trigger)) fail(`unknown trigger ${String(job.trigger)}`);
  const repo = job.repo;
  if (
    !repo ||
    typeof repo.owner !== 'string' ||
    typeof repo.name !== 'string' ||
    typeof repo.id !== 'number'
  )
    fail('repo must have owner, name and id');
  if (typeof job.installationId !== 'number') fail('installationId is missing');
  if (typeof job.sha !== 'string' || !SHA.test(job.sha)) fail('sha must be a 40-hex commit id');
  if (job.pr !== null && job.pr !== undefined) {
    if (typeof job.pr.number !== 'number' || typeof job.pr.baseSha !== 'string')
      fail('pr must have number and baseSha');
  }
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
