import type { CliContext } from './io.js';

const MIN_FILES = 50;

/** Progress on stderr for long runs on a terminal; nothing when piped, so the report stays clean. */
export function progress(context: CliContext, total: number): (done: number) => void {
  if (!context.stderr.isTTY || total < MIN_FILES || context.env.CI) return () => undefined;
  let last = -1;
  return (done) => {
    const percent = Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    context.stderr.write(
      done >= total ? '\r\x1b[K' : `\rChecking ${done}/${total} files (${percent}%)`,
    );
  };
}
