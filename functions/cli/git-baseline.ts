import { execFileSync } from 'node:child_process';
import { relative, sep } from 'node:path';
import type { CheckInput } from '../engine/index.js';
import type { FileToCheck } from './collect-files.js';
import { UsageError } from './io.js';

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * The checked files as they were at a git ref (`--since main`): the baseline new vendors are
 * measured against. A file that did not exist then contributes nothing, so all its vendors are new.
 */
export function gitBaseline(
  root: string,
  files: readonly FileToCheck[],
  ref: string,
): { label: string; inputs: CheckInput[] } {
  let top: string;
  try {
    top = git(['rev-parse', '--show-toplevel'], root).trim();
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], root);
  } catch {
    throw new UsageError(
      `--since ${ref}: not a commit of a git repository here; name a branch, tag or commit (e.g. --since origin/main)`,
    );
  }
  const inputs: CheckInput[] = [];
  for (const file of files) {
    const path = relative(top, file.absolute).split(sep).join('/');
    try {
      inputs.push({ path: file.path, text: git(['show', `${ref}:${path}`], top) });
    } catch {
      // Not in the tree at that ref: a new file.
    }
  }
  return { label: ref, inputs };
}
