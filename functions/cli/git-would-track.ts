import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What git would do with a file at `path`: `outside` no work tree holds it (or it is inside a
 * `.git` folder), `ignored` a work tree holds it but an ignore rule keeps it out, `tracked` it
 * is in the index already, `trackable` `git add -A` would stage it. `unknown`: a `.git` is
 * above it but git is not installed to ask.
 */
export type GitStance = 'outside' | 'ignored' | 'tracked' | 'trackable' | 'unknown';

/** The nearest folder on the way up from `path` that exists (git needs a real folder to run in). */
function existingFolder(path: string): string {
  let folder = dirname(path);
  while (!existsSync(folder) && dirname(folder) !== folder) folder = dirname(folder);
  return folder;
}

function hasGitAbove(folder: string): boolean {
  for (let at = folder; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return true;
    if (dirname(at) === at) return false;
  }
}

/** Asks git itself (ignore rules, `core.excludesFile`, the index), not a guess from .gitignore. */
export function gitWouldTrack(path: string): GitStance {
  const cwd = existingFolder(path);
  const git = (args: string[]) =>
    spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const inside = git(['rev-parse', '--is-inside-work-tree']);
  if (inside.error) return hasGitAbove(cwd) ? 'unknown' : 'outside';
  // Not a git repository (128), or inside the `.git` folder itself ("false"): git never adds it.
  if (inside.status !== 0 || inside.stdout.trim() !== 'true') return 'outside';
  if (git(['ls-files', '--error-unmatch', '--', path]).status === 0) return 'tracked';
  return git(['check-ignore', '--quiet', '--', path]).status === 0 ? 'ignored' : 'trackable';
}
