/**
 * Runs one Node child process with a hard time limit and measures its wall-clock time, peak RSS
 * and CPU time. Peak RSS comes from GNU `/usr/bin/time -v` when present (covers the whole
 * process tree) and otherwise from a `--import` probe using process.resourceUsage().
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PROBE = pathToFileURL(fileURLToPath(new URL('./rss-probe.mjs', import.meta.url))).href;
const TAIL_BYTES = 4096;
const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-bench-'));
/** @type {Set<number>} process-group ids of running children, killed if we are interrupted */
const running = new Set();

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.once(signal, () => {
    for (const pid of running) killGroup(pid);
    process.exit(130);
  });
}
process.once('exit', () => fs.rmSync(tmpDir, { recursive: true, force: true }));

/** @param {number} pid */
function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** @returns {boolean} whether /usr/bin/time is GNU time supporting `-v -o` */
export function hasGnuTime() {
  const out = path.join(tmpDir, 'probe.txt');
  const result = spawnSync('/usr/bin/time', ['-v', '-o', out, 'true'], { stdio: 'ignore' });
  return result.status === 0 && fs.existsSync(out) && readStats(out).rssKB !== null;
}

/**
 * @param {string} file output of `time -v` or of the probe
 * @returns {{ rssKB: number | null, cpuSeconds: number | null }}
 */
function readStats(file) {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { rssKB: null, cpuSeconds: null };
  }
  /** @param {string} label */
  const number = (label) => {
    const match = text.match(new RegExp(`${label}: ([\\d.]+)`));
    return match ? Number(match[1]) : null;
  };
  const user = number('User time \\(seconds\\)');
  const system = number('System time \\(seconds\\)');
  return {
    rssKB: number('Maximum resident set size \\(kbytes\\)'),
    cpuSeconds: user === null || system === null ? null : user + system,
  };
}

/**
 * @typedef {object} RunResult
 * @property {number} seconds wall-clock time
 * @property {number | null} rssMB peak resident set size
 * @property {number | null} cpuSeconds user + system CPU time
 * @property {number | null} exitCode
 * @property {string | null} signal
 * @property {boolean} timedOut
 * @property {string} stdoutTail last bytes of stdout ('' when discarded)
 * @property {string} stderrTail last bytes of stderr
 */

/**
 * Runs `node <args>` and measures it.
 * @param {object} options
 * @param {string[]} options.args arguments after `node`
 * @param {string} options.cwd
 * @param {number} options.timeoutMs the child's process group is killed after this long
 * @param {boolean} options.useTime use /usr/bin/time -v (else the --import probe)
 * @param {boolean} [options.discardStdout] send stdout to /dev/null instead of keeping a tail
 * @returns {Promise<RunResult>}
 */
export function measure({ args, cwd, timeoutMs, useTime, discardStdout = false }) {
  const statsFile = path.join(tmpDir, `stats-${process.hrtime.bigint()}.txt`);
  const argv = useTime
    ? ['/usr/bin/time', '-v', '-o', statsFile, process.execPath, ...args]
    : [process.execPath, '--import', PROBE, ...args];
  const env = { ...process.env, BENCH_RSS_OUT: useTime ? '' : statsFile, NO_COLOR: '1' };
  const devNull = discardStdout ? fs.openSync('/dev/null', 'w') : null;
  const started = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
  });
  if (devNull !== null) fs.closeSync(devNull);
  running.add(/** @type {number} */ (child.pid));
  let stdoutTail = '';
  let stderrTail = '';
  child.stdout?.on('data', (chunk) => (stdoutTail = (stdoutTail + chunk).slice(-TAIL_BYTES)));
  child.stderr?.on('data', (chunk) => (stderrTail = (stderrTail + chunk).slice(-TAIL_BYTES)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(/** @type {number} */ (child.pid));
  }, timeoutMs);

  return new Promise((resolve) => {
    child.on('error', (error) => {
      stderrTail += `\n${error.message}`;
    });
    child.on('close', (code, signal) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearTimeout(timer);
      running.delete(/** @type {number} */ (child.pid));
      const stats = readStats(statsFile);
      fs.rmSync(statsFile, { force: true });
      resolve({
        seconds,
        rssMB: stats.rssKB === null ? null : stats.rssKB / 1024,
        cpuSeconds: stats.cpuSeconds,
        exitCode: code,
        signal: signal ?? (useTime && code !== null && code > 128 ? `signal ${code - 128}` : null),
        timedOut,
        stdoutTail,
        stderrTail,
      });
    });
  });
}
