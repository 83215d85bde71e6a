import type { CheckJob, CheckJobPullRequest, CheckJobRepo } from '../jobs/check-job.js';
import {
  KeyPartError,
  assertBranch,
  assertDeliveryId,
  assertOwner,
  assertRepoName,
  isSha,
  parseRepo,
} from '../store/key-parts.js';

/**
 * What a webhook delivery asks of the service, decided from the event name and the payload
 * alone: no I/O, no clock, so every branch is a plain unit test over GitHub's real example
 * payloads.
 */
export type EventOutcome =
  | { kind: 'jobs'; jobs: CheckJob[] }
  | { kind: 'ignore'; reason: string }
  /**
   * A value that would become part of a storage key (repository, sha, branch, delivery id) is
   * not one GitHub could send (`../x`, `a/b`, NUL…): refused (400), never turned into a job.
   */
  | { kind: 'invalid'; reason: string }
  | { kind: 'ping'; zen: string | null };

/**
 * The head sha of an installation job. `installation` and `installation_repositories` payloads
 * name repositories but carry neither their default branch nor its head, and the webhook has no
 * GitHub credentials to ask (it reads only the webhook secret, and imports no Octokit). So the
 * job carries Git's "no object" id, the same zeros GitHub itself sends for a deleted ref, and
 * trigger `installation`: the check function, which holds an installation token, resolves the
 * repository's default branch and its head before checking. The job keeps its v1 shape and
 * still passes `parseCheckJob`.
 */
export const UNRESOLVED_HEAD_SHA = '0000000000000000000000000000000000000000';

/** True for a job whose sha (and default branch) the check function must resolve first. */
export function needsHeadResolution(job: Pick<CheckJob, 'trigger' | 'sha'>): boolean {
  return job.trigger === 'installation' && job.sha === UNRESOLVED_HEAD_SHA;
}

const PULL_REQUEST_ACTIONS = new Set(['opened', 'synchronize', 'reopened', 'ready_for_review']);
const CHECK_SUITE_ACTIONS = new Set(['requested', 'rerequested']);

type Json = Record<string, unknown>;

function object(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : null;
}
function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
function integer(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** Thrown while reading a payload that lacks a field a job needs; becomes an ignore reason. */
class MissingField extends Error {}

/** Thrown for a field present but unsafe as a key part; becomes an `invalid` outcome. */
class InvalidField extends Error {}

/** Runs a key-parts check, naming the payload field when it fails. */
function checked<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof KeyPartError) throw new InvalidField(`${what}: ${error.message}`);
    throw error;
  }
}

function need<T>(value: T | null, what: string): T {
  if (value === null) throw new MissingField(`the payload lacks ${what}`);
  return value;
}

interface Common {
  repo: CheckJobRepo;
  installationId: number;
  defaultBranch: string | null;
}

/** Repository and installation, the part every checked event shares. */
function common(payload: Json): Common {
  const repository = need(object(payload.repository), 'repository');
  const owner = object(repository.owner);
  // Push payloads describe the owner with `name` as well as `login`; `full_name` is the fallback.
  const fullName = text(repository.full_name);
  const ownerName =
    text(owner?.login) ?? text(owner?.name) ?? (fullName ? fullName.split('/')[0]! : null);
  const ownerLogin = need(ownerName, 'repository.owner.login');
  const name = need(text(repository.name), 'repository.name');
  const defaultBranch = text(repository.default_branch) ?? text(repository.master_branch);
  return {
    repo: {
      owner: checked('repository.owner.login', () => assertOwner(ownerLogin)),
      name: checked('repository.name', () => assertRepoName(name)),
      id: need(integer(repository.id), 'repository.id'),
    },
    installationId: installationId(payload),
    defaultBranch:
      defaultBranch === null
        ? null
        : checked('repository.default_branch', () => assertBranch(defaultBranch)),
  };
}

function installationId(payload: Json): number {
  // Deliveries to a GitHub App always name the installation; a repository webhook does not.
  return need(integer(object(payload.installation)?.id), 'installation.id (is this an app hook?)');
}

function sha(value: unknown, what: string): string {
  const commit = text(value);
  if (commit === null) throw new MissingField(`${what} is not a commit id`);
  if (!isSha(commit)) throw new InvalidField(`${what} is not a commit id`);
  return commit;
}

function branchRef(branch: string | null, what: string): string | null {
  return branch === null ? null : `refs/heads/${checked(what, () => assertBranch(branch))}`;
}

/**
 * The pull request a check suite or run belongs to. GitHub lists the PRs whose head matches;
 * only those whose base is this repository can carry a comparison, and with several (rare: two
 * PRs from one branch) the first listed wins, since one commit has one check run.
 */
function pullRequestOf(list: unknown, repoId: number): CheckJobPullRequest | null {
  if (!Array.isArray(list)) return null;
  for (const entry of list) {
    const pr = object(entry);
    const base = object(pr?.base);
    const number = integer(pr?.number);
    const baseSha = text(base?.sha);
    const baseRepoId = integer(object(base?.repo)?.id);
    if (number === null || baseSha === null) continue;
    if (baseRepoId !== null && baseRepoId !== repoId) continue;
    return { number, baseSha: sha(baseSha, 'pull_requests[].base.sha'), mergeBaseSha: null };
  }
  return null;
}

function job(
  deliveryId: string,
  trigger: CheckJob['trigger'],
  base: Common,
  fields: Pick<CheckJob, 'sha' | 'ref' | 'pr'> & { rerun?: boolean },
): CheckJob {
  return {
    v: 1,
    deliveryId: checked('X-GitHub-Delivery', () => assertDeliveryId(deliveryId)),
    trigger,
    repo: base.repo,
    installationId: base.installationId,
    sha: fields.sha,
    ref: fields.ref,
    pr: fields.pr,
    defaultBranch: base.defaultBranch,
    rerun: fields.rerun === true,
  };
}

function fromPush(deliveryId: string, payload: Json): EventOutcome {
  const ref = text(payload.ref) ?? '';
  if (!ref.startsWith('refs/heads/')) return ignore(`push to ${ref || 'no ref'}: only branches`);
  checked('ref', () => assertBranch(ref.slice('refs/heads/'.length)));
  if (payload.deleted === true || payload.after === UNRESOLVED_HEAD_SHA)
    return ignore('push deleted the branch: nothing to check');
  const base = common(payload);
  return jobs([job(deliveryId, 'push', base, { sha: sha(payload.after, 'after'), ref, pr: null })]);
}

function fromPullRequest(deliveryId: string, payload: Json, action: string): EventOutcome {
  if (!PULL_REQUEST_ACTIONS.has(action)) return ignore(`pull_request.${action} is not checked`);
  const base = common(payload);
  const pr = need(object(payload.pull_request), 'pull_request');
  const head = need(object(pr.head), 'pull_request.head');
  const prBase = need(object(pr.base), 'pull_request.base');
  // A head branch in a fork is not a branch of this repository: a fork's `main` must never look
  // like this repository's default branch (that would publish a snapshot).
  const headRepoId = integer(object(head.repo)?.id);
  const sameRepository = headRepoId === base.repo.id;
  return jobs([
    job(deliveryId, 'pull_request', base, {
      sha: sha(head.sha, 'pull_request.head.sha'),
      ref: sameRepository ? branchRef(text(head.ref), 'pull_request.head.ref') : null,
      pr: {
        number: need(integer(pr.number) ?? integer(payload.number), 'pull_request.number'),
        baseSha: sha(prBase.sha, 'pull_request.base.sha'),
        mergeBaseSha: null,
      },
    }),
  ]);
}

function fromCheckSuite(deliveryId: string, payload: Json, action: string): EventOutcome {
  if (!CHECK_SUITE_ACTIONS.has(action)) return ignore(`check_suite.${action} is not checked`);
  const base = common(payload);
  const suite = need(object(payload.check_suite), 'check_suite');
  return jobs([
    job(deliveryId, 'check_suite', base, {
      sha: sha(suite.head_sha, 'check_suite.head_sha'),
      ref: branchRef(text(suite.head_branch), 'check_suite.head_branch'),
      pr: pullRequestOf(suite.pull_requests, base.repo.id),
      rerun: action === 'rerequested',
    }),
  ]);
}

function fromCheckRun(deliveryId: string, payload: Json, action: string): EventOutcome {
  // `created` and `completed` are the echoes of this app's own writes; only a person's
  // "Re-run" is a request. GitHub sends `rerequested` only to the app that created the run.
  if (action !== 'rerequested') return ignore(`check_run.${action} is not checked`);
  const base = common(payload);
  const run = need(object(payload.check_run), 'check_run');
  return jobs([
    job(deliveryId, 'check_run', base, {
      sha: sha(run.head_sha, 'check_run.head_sha'),
      ref: branchRef(
        text(object(run.check_suite)?.head_branch),
        'check_run.check_suite.head_branch',
      ),
      pr: pullRequestOf(run.pull_requests, base.repo.id),
      rerun: true,
    }),
  ]);
}

/** One job per repository, each to be checked at its default branch's head (see above). */
function fromInstallation(deliveryId: string, payload: Json, repositories: unknown): EventOutcome {
  const id = installationId(payload);
  const list = Array.isArray(repositories) ? repositories : [];
  const result: CheckJob[] = [];
  for (const entry of list) {
    const repository = object(entry);
    const fullName = text(repository?.full_name);
    const repoId = integer(repository?.id);
    if (!fullName || repoId === null) continue;
    // `a/../b` or `a/b/c` used to become the name `../b` or `b/c`: the whole name is checked.
    const { owner, name } = checked('repositories[].full_name', () => parseRepo(fullName));
    result.push({
      v: 1,
      deliveryId: checked('X-GitHub-Delivery', () => assertDeliveryId(deliveryId)),
      trigger: 'installation',
      repo: { owner, name, id: repoId },
      installationId: id,
      sha: UNRESOLVED_HEAD_SHA,
      ref: null,
      pr: null,
      defaultBranch: null,
      rerun: false,
    });
  }
  return result.length > 0 ? jobs(result) : ignore('the installation names no repositories');
}

function jobs(list: CheckJob[]): EventOutcome {
  return { kind: 'jobs', jobs: list };
}
function ignore(reason: string): EventOutcome {
  return { kind: 'ignore', reason };
}

/**
 * Turns one delivery into the jobs it asks for, or the reason it asks for none. `event` is the
 * `X-GitHub-Event` header; `payload` the parsed body. A payload that lacks what a job needs is
 * ignored with a reason rather than rejected: it was signed by GitHub, and a retry would not
 * make it any more complete.
 */
export function jobsFromEvent(event: string, deliveryId: string, payload: unknown): EventOutcome {
  const body = object(payload);
  if (!body) return ignore('the payload is not a JSON object');
  const action = text(body.action) ?? '';
  try {
    switch (event) {
      case 'ping':
        return { kind: 'ping', zen: text(body.zen) };
      case 'push':
        return fromPush(deliveryId, body);
      case 'pull_request':
        return fromPullRequest(deliveryId, body, action);
      case 'check_suite':
        return fromCheckSuite(deliveryId, body, action);
      case 'check_run':
        return fromCheckRun(deliveryId, body, action);
      case 'installation':
        return action === 'created'
          ? fromInstallation(deliveryId, body, body.repositories)
          : ignore(`installation.${action} needs no check`);
      case 'installation_repositories':
        return action === 'added'
          ? fromInstallation(deliveryId, body, body.repositories_added)
          : ignore(`installation_repositories.${action} needs no check`);
      default:
        return ignore(`${event || 'an unnamed'} event is not one this app checks`);
    }
  } catch (error) {
    if (error instanceof MissingField) return ignore(`${event}: ${error.message}`);
    if (error instanceof InvalidField)
      return { kind: 'invalid', reason: `${event}: ${error.message}` };
    throw error;
  }
}
