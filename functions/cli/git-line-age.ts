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

/** A line's last commit: its committer time, and whether blame stopped at a boundary there. */
interface BlamedLine {
  time: number;
  boundary: boolean;
}

/** The last commit of each line of a tracked file, from one `git blame`. */
function blameLines(root: string, file: string): Map<number, BlamedLine> | undefined {
  const out = git(['blame', '--line-porcelain', '--', file], root);
  if (out === undefined) return undefined;
  const lines = new Map<number, BlamedLine>();
  let current: BlamedLine = { time: 0, boundary: false };
  for (const row of out.split('\n')) {
    const header = /^[0-9a-f]{40} \d+ (\d+)/.exec(row);
    if (header) lines.set(Number(header[1]), (current = { time: 0, boundary: false }));
    else if (row.startsWith('committer-time ')) current.time = Number(row.slice(15)) * 1000;
    else if (row === 'boundary') current.boundary = true;
  }
  return lines;
}

type Ages =
  | { kind: 'unknown' }
  | { kind: 'new' }
  | { kind: 'blamed'; lines: Map<number, BlamedLine>; shallow: boolean };

/** Ages of lines from git, and whether a shallow clone left some of them unknown. */
export interface GitLineAges {
  /** Days since the line's last commit; undefined when git cannot tell. */
  age(path: string, line: number): number | undefined;
  /** True once a line's age was unknown because the clone's history is cut short. */
  historyCut(): boolean;
}

/**
 * Ages of lines from git (committer date), asked only for files that need them: one
 * `rev-parse` per folder and one `ls-files` per repository decide whether a file is tracked,
 * so untracked files cost no `blame` (their lines are new) and files outside git none at all.
 */
export function gitLineAge(resolve: (path: string) => string, today: string): GitLineAges {
  const now = Date.parse(today);
  const rootOfDir = new Map<string, string | null>();
  const trackedIn = new Map<string, Set<string>>();
  const shallowRoots = new Map<string, boolean>();
  const ages = new Map<string, Ages>();
  let cut = false;

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
  const isShallow = (root: string): boolean => {
    if (!shallowRoots.has(root))
      shallowRoots.set(
        root,
        git(['rev-parse', '--is-shallow-repository'], root)?.trim() === 'true',
      );
    return shallowRoots.get(root) ?? false;
  };
  const agesOf = (absolute: string): Ages => {
    const root = repoRoot(dirname(absolute));
    if (!root) return { kind: 'unknown' };
    const file = relative(root, absolute).split(sep).join('/');
    if (!tracked(root).has(file)) return { kind: 'new' };
    const lines = blameLines(root, file);
    return lines ? { kind: 'blamed', lines, shallow: isShallow(root) } : { kind: 'unknown' };
  };

  const age = (path: string, line: number): number | undefined => {
    let known = ages.get(path);
    if (!known) ages.set(path, (known = agesOf(resolve(path))));
    if (known.kind === 'unknown') return undefined;
    if (known.kind === 'new') return 0;
    const blamed = known.lines.get(line);
    if (blamed === undefined) return undefined;
    // In a shallow clone the oldest commit it has is a boundary that stands in for all the
    // history before it: a line blamed on it may be years older than that commit's date.
    // (In a full clone the root commit is a boundary too, and its date is the true one.)
    if (known.shallow && blamed.boundary) {
      cut = true;
      return undefined;
    }
    return Math.max(0, Math.floor((now - blamed.time) / DAY));
  };
  return { age, historyCut: () => cut };
}
