import { UsageError } from '../cli/io.js';
import { git, tryGit } from './git.js';

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target']);
const SHA = /^[0-9a-f]{40}$/;

/** A pull request's base, as the event names it. */
export interface PullRequestBase {
  number: number | null;
  /** The base branch's name, for messages. */
  ref: string;
  sha: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

/** The base of the pull request that started the run; null for any other event. */
export function pullRequestBase(
  eventName: string,
  event: Record<string, unknown> | null,
): PullRequestBase | null {
  if (!PULL_REQUEST_EVENTS.has(eventName)) return null;
  const pr = field(event, 'pull_request');
  const base = field(pr, 'base');
  const sha = field(base, 'sha');
  // The sha goes to git as an argument: only a full hex object name may, never an option.
  if (typeof sha !== 'string' || !SHA.test(sha))
    throw new UsageError(
      `the ${eventName} event has no valid pull_request.base.sha (${JSON.stringify(sha ?? null)}); check GITHUB_EVENT_PATH`,
    );
  const ref = field(base, 'ref');
  const number = field(pr, 'number');
  return {
    sha,
    ref: typeof ref === 'string' ? ref : sha.slice(0, 7),
    number: typeof number === 'number' ? number : null,
  };
}

/**
 * The commit a pull request is compared with: the merge base of HEAD and the base branch's
 * head (actions/checkout checks out the merge commit, whose first parent that is). A clone
 * without the base commit (`fetch-depth: 1`) gets just that commit from origin.
 */
export function comparisonCommit(root: string, base: PullRequestBase): string {
  if (tryGit(['cat-file', '-e', `${base.sha}^{commit}`], root) === undefined) {
    try {
      git(['fetch', '--no-tags', '--depth=1', 'origin', base.sha], root);
    } catch {
      throw new UsageError(
        `the pull request's base commit ${base.sha.slice(0, 7)} (${base.ref}) is not in this clone and could not be fetched from origin; check out with actions/checkout and fetch-depth: 0`,
      );
    }
  }
  return tryGit(['merge-base', 'HEAD', base.sha], root)?.trim() || base.sha;
}
