import { execFileSync } from 'node:child_process';
import { dirname, relative, sep } from 'node:path';

const DAY = 86_400_000;

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    // Not a repository, git missing, or the file unknown to git.
    return undefined;
  }
}

/** Committer time of each line of a tracked file, from one `git blame`. */
function blameTimes(root: string, file: string): Map<number, number> | undefined {
  const out = git(['blame', '--line-porcelain', '--', file], root);
  if (out === undefined) return undefined;
  const times = new Map<number, number>();
  let line = 0;
  for (const row of out.split('\n')) {
    const header = /^[0-9a-f]{40} \d+ (\d+)/.exec(row);
    if (header) line = Number(header[1]);
    else if (row.startsWith('committer-time ')) times.set(line, Number(row.slice(15)) * 1000);
  }
  return times;
}

type Ages = { kind: 'unknown' } | { kind: 'new' } | { kind: 'blamed'; times: Map<number, number> };

/**
 * Ages of lines from git (committer date), asked only for files that need them: one
 * `rev-parse` per folder and one `ls-files` per repository decide whether a file is tracked,
 * so untracked files cost no `blame` (their lines are new) and files outside git none at all.
 */
export function gitLineAge(
  resolve: (path: string) => string,
  today: string,
): (path: string, line: number) => number | undefined {
  const now = Date.parse(today);
  const rootOfDir = new Map<string, string | null>();
  const trackedIn = new Map<string, Set<string>>();
  const ages = new Map<string, Ages>();

  const repoRoot = (dir: string): string | null => {
    if (!rootOfDir.has(dir))
      rootOfDir.set(dir, git(['rev-parse', '--show-toplevel'], dir)?.trim() || null);
    return rootOfDir.get(dir) ?? null;
  };
  const tracked = (root: string): Set<string> => {
    let set = trackedIn.get(root);
    if (!set)
      trackedIn.set(root, (set = new Set((git(['ls-files', '-z'], root) ?? '').split('\0'))));
    return set;
  };
  const agesOf = (absolute: string): Ages => {
    const root = repoRoot(dirname(absolute));
    if (!root) return { kind: 'unknown' };
    const file = relative(root, absolute).split(sep).join('/');
    if (!tracked(root).has(file)) return { kind: 'new' };
    const times = blameTimes(root, file);
    return times ? { kind: 'blamed', times } : { kind: 'unknown' };
  };

  return (path, line) => {
    let known = ages.get(path);
    if (!known) ages.set(path, (known = agesOf(resolve(path))));
    if (known.kind === 'unknown') return undefined;
    if (known.kind === 'new') return 0;
    const time = known.times.get(line);
    return time === undefined ? undefined : Math.max(0, Math.floor((now - time) / DAY));
  };
}
