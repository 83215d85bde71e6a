import { execFileSync } from 'node:child_process';
import { dirname, basename } from 'node:path';

const DAY = 86_400_000;

function blameTimes(absolute: string): Map<number, number> | undefined {
  try {
    const out = execFileSync('git', ['blame', '--line-porcelain', '--', basename(absolute)], {
      cwd: dirname(absolute),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const times = new Map<number, number>();
    let line = 0;
    for (const row of out.split('\n')) {
      const header = /^[0-9a-f]{40} \d+ (\d+)/.exec(row);
      if (header) line = Number(header[1]);
      else if (row.startsWith('committer-time ')) times.set(line, Number(row.slice(15)) * 1000);
    }
    return times;
  } catch {
    // Not a git repository, git missing, or the file untracked: ages are unknown.
    return undefined;
  }
}

/** Ages of lines from `git blame` (committer date), computed once per file and only when asked. */
export function gitLineAge(
  resolve: (path: string) => string,
  today: string,
): (path: string, line: number) => number | undefined {
  const cache = new Map<string, Map<number, number> | undefined>();
  const now = Date.parse(today);
  return (path, line) => {
    if (!cache.has(path)) cache.set(path, blameTimes(resolve(path)));
    const time = cache.get(path)?.get(line);
    return time === undefined ? undefined : Math.max(0, Math.floor((now - time) / DAY));
  };
}
