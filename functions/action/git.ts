import { execFileSync } from 'node:child_process';

/** Runs git in `cwd` and returns its output; throws when git fails. */
export function git(args: readonly string[], cwd: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs git in `cwd`; undefined when it fails (not a repository, an unknown commit or path). */
export function tryGit(args: readonly string[], cwd: string): string | undefined {
  try {
    return git(args, cwd);
  } catch {
    return undefined;
  }
}
