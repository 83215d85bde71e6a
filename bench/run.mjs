#!/usr/bin/env node
/**
 * Benchmark driver: generates (or reuses) the corpus, then times policy-check against
 * markdownlint-cli2 and a bare remark parse, one child process at a time, and writes
 * bench/results/latest.json. See bench/README.md.
 *
 * Environment: BENCH_RUNS (default 3), BENCH_TIMEOUT_S per child (default 150),
 * BENCH_BUDGET_S soft limit for the whole run (default 270), BENCH_ONLY (comma-separated ids).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { formatBytes, generateCorpus } from './generate-corpus.mjs';
import { CLI, RATIOS, benchmarks } from './lib/benchmarks.mjs';
import { hasGnuTime, measure } from './lib/measure.mjs';
import { computeRatios, fixed, formatTable, summarize } from './lib/report.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const RESULTS = path.join(BENCH_DIR, 'results', 'latest.json');
const started = Date.now();

/**
 * @param {string} name
 * @param {number} fallback
 * @returns {number}
 */
function envNumber(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const runs = Math.floor(envNumber('BENCH_RUNS', 3));
const timeoutMs = envNumber('BENCH_TIMEOUT_S', 150) * 1000;
const budgetMs = envNumber('BENCH_BUDGET_S', 270) * 1000;
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());

const corpus = generateCorpus();
console.log(
  `Corpus: ${corpus.files} files, ${formatBytes(corpus.bytes)}${corpus.reused ? ' (reused)' : ''}`,
);
console.log(`Large file: ${formatBytes(corpus.largeBytes)}`);
const rel = (/** @type {string} */ p) => path.relative(ROOT, p).split(path.sep).join('/');
const all = benchmarks({
  corpus: rel(corpus.corpusDir),
  large: rel(corpus.largeFile),
  files: corpus.files,
});
const selected = all.filter((b) => !only || only.includes(b.id));

const loadAtStart = os.loadavg()[0];
if (loadAtStart > 0.5) {
  console.warn(
    `Warning: load average is ${loadAtStart.toFixed(2)}; other work will skew the figures.`,
  );
}
const useTime = hasGnuTime();
const cliBuilt = fs.existsSync(path.resolve(ROOT, CLI));
console.log(`Peak RSS via ${useTime ? '/usr/bin/time -v' : 'process.resourceUsage() probe'}`);
console.log(
  `Runs: ${runs} (median), per-child limit ${timeoutMs / 1000}s, ${os.cpus().length} CPUs\n`,
);

/** @type {Map<string, { runs: import('./lib/measure.mjs').RunResult[], error: string | null }>} */
const state = new Map(selected.map((b) => [b.id, { runs: [], error: null }]));
if (!cliBuilt) {
  const message =
    `${CLI} does not exist: run \`npm run build\` first (or \`npm run bench\`, which builds). ` +
    'If the build succeeds but the file is missing, the CLI in functions/cli/ is not written yet.';
  console.error(`ERROR: ${message}\n`);
  for (const b of selected) if (b.needsCli) state.get(b.id).error = message;
}

let roundsDone = 0;
for (let round = 1; round <= runs; round++) {
  let repeatedMs = 0; // time spent on benchmarks that run every round
  for (const bench of selected) {
    const entry = state.get(bench.id);
    if (entry.error || (bench.once && round > 1)) continue;
    const cwd = path.resolve(ROOT, bench.cwd ?? '.');
    const result = await measure({ ...bench, cwd, timeoutMs, useTime });
    const bogus = result.exitCode === null ? null : (bench.verify?.(result.stdoutTail) ?? null);
    const ok =
      !result.timedOut &&
      result.signal === null &&
      bench.okCodes.includes(/** @type {number} */ (result.exitCode)) &&
      bogus === null;
    const rss = result.rssMB === null ? 'n/a' : `${result.rssMB.toFixed(0)} MB`;
    console.log(
      `[${round}/${runs}] ${bench.id.padEnd(16)} ${result.seconds.toFixed(2).padStart(7)}s` +
        `  rss ${rss.padStart(7)}  exit ${result.exitCode ?? result.signal}${ok ? '' : '  FAILED'}`,
    );
    if (!bench.once) repeatedMs += result.seconds * 1000;
    if (ok) entry.runs.push(result);
    else entry.error = bogus ?? describeFailure(result, timeoutMs);
  }
  roundsDone = round;
  if (round < runs && Date.now() - started + repeatedMs > budgetMs) {
    console.log(`\nStopping after ${round} round(s) to stay within BENCH_BUDGET_S.`);
    break;
  }
}

/**
 * @param {import('./lib/measure.mjs').RunResult} result
 * @param {number} limitMs
 * @returns {string}
 */
function describeFailure(result, limitMs) {
  const why = result.timedOut
    ? `timed out after ${limitMs / 1000}s`
    : result.signal
      ? `crashed (${result.signal})`
      : `exit code ${result.exitCode}`;
  const tail = result.stderrTail.trim().split('\n').slice(-8).join('\n');
  return tail ? `${why}; stderr ends with:\n${tail}` : why;
}

const summaries = new Map(selected.map((b) => [b.id, summarize(state.get(b.id).runs)]));
const ratios = computeRatios(RATIOS, summaries);
const rows = selected.map((b) => {
  const s = summaries.get(b.id);
  const n = state.get(b.id).runs.length;
  const status = state.get(b.id).error ? 'FAILED' : n ? 'ok' : 'skipped';
  const seconds = [fixed(s.medianSeconds, 2), fixed(s.minSeconds, 2)];
  return [
    b.id,
    b.label,
    String(n),
    ...seconds,
    fixed(s.peakRssMB, 0),
    fixed(s.medianCpuSeconds, 2),
    status,
  ];
});
const header = ['id', 'what', 'runs', 'median s', 'min s', 'peak RSS MB', 'cpu s', 'status'];
console.log(`\n${formatTable(header, rows)}\n`);
console.log(`${'ratio (median wall time; CPU time in brackets)'.padEnd(36)}`);
for (const r of ratios) {
  const figures = `${fixed(r.value, 2).padStart(6)}  (${fixed(r.cpuValue, 2)})`;
  console.log(`${r.id.padEnd(36)} ${figures.padEnd(14)}  ${r.verdict}`);
}

const failures = selected.filter((b) => state.get(b.id).error);
for (const b of failures) console.error(`\n${b.id} FAILED: ${state.get(b.id).error}`);

/**
 * @param {number | null} value
 * @returns {number | null} rounded to 3 decimals, for a readable JSON file
 */
function round3(value) {
  return value === null ? null : Math.round(value * 1000) / 1000;
}

const results = {
  generatedAt: new Date().toISOString(),
  environment: {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    rssSource: useTime ? 'gnu-time' : 'process.resourceUsage',
    loadAverage: { atStart: round3(loadAtStart), atEnd: round3(os.loadavg()[0]) },
  },
  settings: { runsRequested: runs, roundsDone, timeoutSeconds: timeoutMs / 1000 },
  corpus: { ...corpus, corpusDir: rel(corpus.corpusDir), largeFile: rel(corpus.largeFile) },
  benchmarks: selected.map((b) => ({
    id: b.id,
    label: b.label,
    cwd: b.cwd ?? '.',
    command: ['node', ...b.args],
    ...Object.fromEntries(Object.entries(summaries.get(b.id)).map(([k, v]) => [k, round3(v)])),
    runs: state.get(b.id).runs.map(({ seconds, rssMB, cpuSeconds, exitCode }) => {
      return {
        seconds: round3(seconds),
        rssMB: round3(rssMB),
        cpuSeconds: round3(cpuSeconds),
        exitCode,
      };
    }),
    output: state.get(b.id).runs.at(-1)?.stdoutTail.trim().split('\n').slice(-2).join('\n'),
    error: state.get(b.id).error,
  })),
  ratios: ratios.map(({ id, value, cpuValue, target, aim, verdict }) => {
    return { id, value: round3(value), cpuValue: round3(cpuValue), target, aim, verdict };
  }),
  totalSeconds: (Date.now() - started) / 1000,
};
fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nWrote ${rel(RESULTS)} in ${results.totalSeconds.toFixed(0)}s total.`);
process.exitCode = failures.length ? 1 : 0;
