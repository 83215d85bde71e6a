import { describe, expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

const CLEAN =
  '# Subprocessors\n\n- [Mailgun](https://www.mailgun.com/legal/dpa/) for email, hosted in Germany\n';

/** One line on stderr, nothing on stdout, exit 2: what every usage mistake gets. */
function usageError(args: string[]): string {
  const run = runCli(args, folderWith({ 'subprocessors.md': CLEAN }));
  expect(run).toMatchObject({ code: 2, stdout: '' });
  expect(run.stderr.split('\n')).toHaveLength(2); // one line and its newline
  return run.stderr.trimEnd();
}

describe('usage mistakes', () => {
  it.each([
    [
      ['check', '--formt', 'json'],
      'unknown option --formt; did you mean --format? (see policy-check --help)',
    ],
    [
      ['check', '--fromat=json'],
      'unknown option --fromat; did you mean --format? (see policy-check --help)',
    ],
    [
      ['check', '--conf', 'x.yml'],
      'unknown option --conf; did you mean --config? (see policy-check --help)',
    ],
    [
      ['snapshot', '--fingerprnt', 'sha256:00'],
      'unknown option --fingerprnt; did you mean --fingerprint? (see policy-check --help)',
    ],
    [['check', '--xyzzy'], 'unknown option --xyzzy; see policy-check --help'],
    [['check', '-x'], 'unknown option -x; see policy-check --help'],
  ])('an unknown option %j says which, and what was meant', (args, message) => {
    expect(usageError(args)).toBe(`policy-check: ${message}`);
  });

  it('never passes on the parser’s own text with its stray quotes', () => {
    expect(usageError(['check', '--formt'])).not.toMatch(/'|"--formt|positional argument/);
  });

  it.each([
    [
      ['chek'],
      'unknown command "chek"; did you mean check? (commands: check, extract, init, snapshot, verify, history)',
    ],
    [
      ['verfy', 'a.json'],
      'unknown command "verfy"; did you mean verify? (commands: check, extract, init, snapshot, verify, history)',
    ],
    [
      ['frobnicate'],
      'unknown command "frobnicate"; use check, extract, init, snapshot, verify, history (see policy-check --help)',
    ],
  ])('an unknown command %j says which was meant', (args, message) => {
    expect(usageError(args)).toBe(`policy-check: ${message}`);
  });

  it.each([
    [['check', '--format'], '--format needs a value; e.g. --format json'],
    [['check', '-f'], '--format needs a value; e.g. --format json'],
    [['check', '--config', '--now', '2026-01-01'], '--config needs a value; e.g. --config CONFIG'],
    [['init', '--force=yes'], '--force takes no value; write --force alone'],
  ])('an option without its value, or with one it does not take: %j', (args, message) => {
    expect(usageError(args)).toBe(`policy-check: ${message}`);
  });

  it('still takes every way of giving a value', () => {
    const cwd = folderWith({ 'subprocessors.md': CLEAN });
    for (const args of [
      ['check', '--format', 'json'],
      ['check', '--format=json'],
      ['check', '-f', 'json'],
      ['check', '-fjson'],
      ['check', '--now', '2026-01-01', '--format', 'json', '--', 'subprocessors.md'],
    ]) {
      const run = runCli(args, cwd);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
      expect(JSON.parse(run.stdout)).toMatchObject({ version: 1 });
    }
  });
});
