import type { DefaultBranchResult } from '../checks/run-check-job.js';
import type { PageSettings, SnapshotSettings } from '../engine/config/config.js';
import { isSha } from '../store/key-parts.js';
import type { StoredResult } from '../store/stored-result.js';
import { publishSnapshot, type PublisherDeps, type PublishOutcome } from './publish-snapshot.js';
import { parseRepository } from './snapshot-paths.js';

/** What the publish function is asked: the commit whose completed check to publish. */
export interface PublishEvent {
  repo: string;
  /** GitHub's repository id, from the check job: the snapshot chain's key, signed into it. */
  repoId: number;
  sha: string;
  /** The default branch's head as the caller knows it; absent, the caller vouches `sha` is it. */
  headSha: string | null;
  /** The repository's `snapshot.onFailure` (config), passed on by the check function. */
  onFailure: SnapshotSettings['onFailure'];
  /** The GitHub App installation, so the head can be asked again at publish time. */
  installationId?: number | null;
  /** The repository's `page:` (config): the public page's branding; absent or null, none. */
  page?: PageSettings | null;
}

/**
 * The publish event of a stored default-branch result, as the check function hands it on; the
 * repository's id comes from the job (the webhook's signed payload), not from the stored result.
 */
export function publishEventOf(
  request: DefaultBranchResult,
  job: { repo: { id: number } },
): PublishEvent {
  return {
    repo: request.result.repo,
    repoId: job.repo.id,
    sha: request.result.sha,
    headSha: request.headSha,
    onFailure: request.onFailure,
    installationId: request.installationId,
    page: request.page,
  };
}

export interface PublishCommitDeps extends PublisherDeps {
  /** The stored result of a completed check, or null (never checked, or the check crashed). */
  getResult(repo: string, sha: string): Promise<StoredResult | null>;
  /**
   * The default branch's head now, from GitHub. A publish message can arrive after a newer
   * commit's: asked before the claim and before latest moves, so an older commit never
   * becomes latest. Without it, the event's headSha is trusted.
   */
  currentHead?(repo: string, installationId: number): Promise<string | null>;
}

/**
 * Reads `{ repo, repoId, sha, headSha?, onFailure?, installationId?, page? }`, or a stored result's key
 * (`{ pk: 'REPO#owner/name', sk: 'COMMIT#sha', repoId }`), or says what is wrong with it.
 */
export function parsePublishEvent(event: unknown): PublishEvent {
  const e = (event ?? {}) as Record<string, unknown>;
  const fromKey =
    typeof e.pk === 'string' && typeof e.sk === 'string'
      ? { repo: e.pk.replace(/^REPO#/, ''), sha: e.sk.replace(/^COMMIT#/, '') }
      : null;
  const repo = fromKey?.repo ?? e.repo;
  const sha = fromKey?.sha ?? e.sha;
  if (typeof repo !== 'string') throw new Error('publish event: repo (owner/name) is missing');
  parseRepository(repo);
  // The same sha rule as every key (key-parts.ts): the sha becomes part of the result's key.
  if (!isSha(sha))
    throw new Error(
      `publish event: sha ${JSON.stringify(sha)} is not a 40-digit commit sha (nor a 64-digit SHA-256 one)`,
    );
  const repoId = e.repoId;
  if (typeof repoId !== 'number' || !Number.isSafeInteger(repoId) || repoId < 1)
    throw new Error(
      `publish event: repoId ${JSON.stringify(repoId)} is not GitHub's repository id; a message queued before snapshots named their repository id cannot be published: re-run the check of the default branch's head`,
    );
  const headSha = e.headSha ?? null;
  if (headSha !== null && !isSha(headSha))
    throw new Error(`publish event: headSha ${JSON.stringify(headSha)} is not a commit sha`);
  const onFailure = e.onFailure ?? 'publish';
  if (onFailure !== 'publish' && onFailure !== 'hold')
    throw new Error(`publish event: onFailure must be publish or hold, not ${String(onFailure)}`);
  const installationId = e.installationId ?? null;
  if (installationId !== null && typeof installationId !== 'number')
    throw new Error('publish event: installationId must be a number');
  const page = e.page ?? null;
  // Loosely: the page escapes what it shows, and the branding was validated with the config.
  if (page !== null && (typeof page !== 'object' || Array.isArray(page)))
    throw new Error('publish event: page must be an object or null');
  return {
    repo,
    repoId,
    sha,
    headSha,
    onFailure,
    installationId,
    page: page as PageSettings | null,
  };
}

/**
 * Whether a stored check may be published. A check that crashed stored no result and never
 * publishes; a failing one is published with its failing conclusion (`onFailure: publish`,
 * the default: customers see the list as it is, marked failing) or held back (`hold`).
 */
export function decidePublish(
  result: StoredResult | null,
  onFailure: SnapshotSettings['onFailure'],
): Extract<PublishOutcome, { status: 'refused' }> | null {
  if (!result)
    return {
      status: 'refused',
      reason: 'no-result',
      message:
        'no completed check is stored for this commit; a check that did not finish is never published',
    };
  if (result.conclusion === 'failure' && onFailure === 'hold')
    return {
      status: 'refused',
      reason: 'held',
      message: `the check of ${result.repo}@${result.sha} failed and snapshot.onFailure is hold; the previous snapshot stays latest`,
    };
  return null;
}

/** The publish service: the stored result of a commit, the failure policy, then publishSnapshot. */
export async function publishCommit(
  deps: PublishCommitDeps,
  event: PublishEvent,
): Promise<PublishOutcome> {
  const result = await deps.getResult(event.repo, event.sha);
  const refusal = decidePublish(result, event.onFailure);
  if (refusal || !result) return refusal ?? { status: 'refused', reason: 'no-result', message: '' };
  const head = event.headSha ?? event.sha;
  const { currentHead } = deps;
  const installationId = event.installationId ?? null;
  const isCurrentHead =
    currentHead && installationId !== null
      ? async (sha: string) => (await currentHead(event.repo, installationId)) === sha
      : (sha: string) => sha === head;
  return publishSnapshot(deps, {
    source: result,
    repositoryId: event.repoId,
    isCurrentHead,
    page: event.page ?? null,
  });
}
