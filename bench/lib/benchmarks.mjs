/**
 * What the benchmark measures. Paths are relative to the repository root (the children's cwd).
 */

import process from 'node:process';

/** The built CLI; BENCH_CLI points at another build (e.g. a previous release) to compare. */
export const CLI = process.env.BENCH_CLI || 'dist/functions/cli/bin.js';
const MARKDOWNLINT = 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs';
const BARE = 'bench/lib/bare-parse.mjs';
const CONFIG = 'bench/bench.markdownlint-cli2.jsonc';

/**
 * @typedef {object} Benchmark
 * @property {string} id
 * @property {string} label
 * @property {string[]} args arguments after `node`
 * @property {number[]} okCodes exit codes that count as success (1 = findings / lint errors)
 * @property {boolean} [needsCli] skipped with a clear message when the CLI is not built
 * @property {boolean} [discardStdout] stdout goes to /dev/null
 * @property {boolean} [once] reference figure: measured in the first round only
 * @property {string} [cwd] working directory relative to the repository root (default: root)
 * @property {(stdoutTail: string) => string | null} [verify] returns an error for a bogus run
 */

/**
 * @param {RegExp} pattern captures a file count in the child's output
 * @param {number} expected
 * @returns {(stdoutTail: string) => string | null}
 */
const expectFiles = (pattern, expected) => (stdoutTail) => {
  const found = Number(stdoutTail.match(pattern)?.[1]);
  return found === expected
    ? null
    : `expected ${expected} files, output says ${Number.isNaN(found) ? '?' : found}`;
};

/**
 * @param {{ corpus: string, large: string, files: number }} corpus folder and large file
 *   (repo-relative) and the number of Markdown files in the folder
 * @returns {Benchmark[]}
 */
export function benchmarks({ corpus, large, files }) {
  const up = corpus
    .split('/')
    .map(() => '..')
    .join('/');
  return [
    {
      id: 'check',
      label: 'policy-check check <corpus>',
      args: [CLI, 'check', corpus, '--format', 'json'],
      okCodes: [0, 1],
      needsCli: true,
      discardStdout: true,
    },
    {
      id: 'markdownlint',
      label: 'markdownlint-cli2 <corpus>',
      // Run inside the corpus so that no .markdownlint-cli2.* of the repository (which could
      // ignore or relax things) applies; the bench config is the only one read.
      cwd: corpus,
      args: [`${up}/${MARKDOWNLINT}`, '--config', `${up}/${CONFIG}`, '**/*.md'],
      okCodes: [0, 1],
      verify: expectFiles(/Linting: (\d+) file/, files),
    },
    {
      id: 'bare-gfm',
      label: 'bare parse, GFM tables <corpus>',
      args: [BARE, 'gfm', corpus],
      okCodes: [0],
      verify: expectFiles(/"files":(\d+)/, files),
    },
    {
      id: 'check-1mb',
      label: 'policy-check check <1 MiB file>',
      args: [CLI, 'check', large, '--format', 'json'],
      okCodes: [0, 1],
      needsCli: true,
      discardStdout: true,
    },
    {
      id: 'bare-commonmark',
      label: 'bare parse, CommonMark <corpus>',
      args: [BARE, 'commonmark', corpus],
      okCodes: [0],
      verify: expectFiles(/"files":(\d+)/, files),
      once: true,
    },
    {
      id: 'bare-gfm-1mb',
      label: 'bare parse, GFM tables <1 MiB file>',
      args: [BARE, 'gfm', large],
      okCodes: [0],
      once: true,
    },
  ];
}

/** @type {import('./report.mjs').RatioSpec[]} */
export const RATIOS = [
  {
    id: 'check / markdownlint-cli2',
    numerator: 'check',
    denominator: 'markdownlint',
    target: 1,
    aim: 0.5,
  },
  { id: 'check / bare GFM parse', numerator: 'check', denominator: 'bare-gfm' },
  { id: 'check / bare CommonMark parse', numerator: 'check', denominator: 'bare-commonmark' },
  { id: 'check 1 MiB / bare GFM parse 1 MiB', numerator: 'check-1mb', denominator: 'bare-gfm-1mb' },
];
