import { globMatcher } from './glob.js';
import type { PolicyConfig } from './config.js';

/**
 * Why a path from a repository listing cannot be a policy file's path, or null when it can.
 * Git never writes such paths into a tree (its fsck refuses them), so one in a listing is a
 * damaged or forged answer: an absolute path, a `.`/`..` part or an empty part could name a file
 * outside the repository if it were read or used as a key, and a control character (NUL,
 * newline) breaks the line-based formats the report is written in.
 */
export function unsafePathReason(path: string): string | null {
  if (path === '') return 'the path is empty';
  if (path.startsWith('/')) return 'the path is absolute';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the path has a control character';
  const parts = path.split('/');
  if (parts.some((part) => part === '.' || part === '..')) return 'the path has a "." or ".." part';
  if (parts.some((part) => part === '')) return 'the path has an empty part ("//" or a final "/")';
  return null;
}

/**
 * The policy files among a repository's paths, as the config selects them: its file globs,
 * minus the ignored ones. The CLI walks folders with the same globs; the GitHub flow has a
 * tree listing instead, and must pick exactly the same files. An unsafe path (above) is never
 * selected, whatever the globs say: picomatch matches `/privacy.md`, and a literal glob matches
 * `docs/../privacy.md`.
 */
export function selectPolicyPaths(
  paths: readonly string[],
  config: Pick<PolicyConfig, 'files' | 'ignore'>,
): string[] {
  // Matched in linear time: the globs are the repository's own (see glob.ts).
  const isPolicy = globMatcher(config.files, { nocase: true });
  const isIgnored = globMatcher(config.ignore, { nocase: true });
  return paths
    .filter((path) => unsafePathReason(path) === null && isPolicy(path) && !isIgnored(path))
    .sort();
}
