import picomatch from 'picomatch';
import type { PolicyConfig } from './config.js';

/**
 * The policy files among a repository's paths, as the config selects them: its file globs,
 * minus the ignored ones. The CLI walks folders with the same globs; the GitHub flow has a
 * tree listing instead, and must pick exactly the same files.
 */
export function selectPolicyPaths(
  paths: readonly string[],
  config: Pick<PolicyConfig, 'files' | 'ignore'>,
): string[] {
  const options = { dot: true, nocase: true };
  const isPolicy = picomatch(config.files, options);
  const isIgnored = picomatch(config.ignore, options);
  return paths.filter((path) => isPolicy(path) && !isIgnored(path)).sort();
}
