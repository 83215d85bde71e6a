/**
 * Preloaded with `node --import` when GNU time is not available: on exit, writes the process's
 * peak RSS and CPU time to the file named by BENCH_RSS_OUT, in the same format `time -v` uses.
 */
import fs from 'node:fs';
import process from 'node:process';

const out = process.env.BENCH_RSS_OUT;
if (out) {
  delete process.env.BENCH_RSS_OUT;
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const lines = [
      `Maximum resident set size (kbytes): ${usage.maxRSS}`,
      `User time (seconds): ${usage.userCPUTime / 1e6}`,
      `System time (seconds): ${usage.systemCPUTime / 1e6}`,
    ];
    try {
      fs.writeFileSync(out, `${lines.join('\n')}\n`);
    } catch {
      // Best effort: a missing figure is reported as "n/a".
    }
  });
}
