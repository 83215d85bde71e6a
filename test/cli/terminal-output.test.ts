import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.js';
import type { Output } from '../../functions/cli/io.js';
import { folderWith, runCli } from './run-cli.js';

const seed = readFileSync(
  new URL('../fixtures/seeds/000_62ec3f6365ac6779.txt', import.meta.url),
  'utf8',
);

/** `policy-check check` in-process, its stdout a terminal of `columns` columns, or a pipe. */
async function checkOn(stdout: Omit<Output, 'write'>, env: Record<string, string> = {}) {
  const cwd = folderWith({ 'loomio.txt': seed });
  let out = '';
  const code = await main({
    argv: ['check', 'loomio.txt', '--now', '2026-06-01'],
    stdout: { ...stdout, write: (t: string) => (out += t) },
    stderr: { write: () => true },
    cwd,
    env,
    today: '2026-06-01',
  });
  return { code, out };
}

/** The longest run of spaces inside a line: padding shows up as a long one. */
const longestGap = (text: string): number =>
  Math.max(
    ...text
      .split('\n')
      .map((l) => Math.max(0, ...(l.trim().match(/ +/g) ?? []).map((g) => g.length))),
  );

describe('the text report on a terminal and in a pipe', () => {
  it('piped: one line per finding, no padding runs, no escape codes', () => {
    const run = runCli(
      ['check', 'loomio.txt', '--now', '2026-06-01'],
      folderWith({ 'loomio.txt': seed }),
    );
    const findings = run.stdout.split('\n').filter((l) => /^loomio\.txt:\d+:\d+ /.test(l));
    expect(findings.length).toBeGreaterThan(40);
    for (const line of findings)
      expect(line).toMatch(
        /^loomio\.txt:\d+:\d+ +(error {4}|warning {2}|notice {3})\S.*\S {2}[a-z-]+$/,
      );
    // Locations line up (loomio.txt:5:1 beside loomio.txt:46:103): a few spaces, never a run.
    expect(longestGap(run.stdout)).toBeLessThanOrEqual(5);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('on a terminal: wrapped at its width, under the finding, and coloured', async () => {
    const { code, out } = await checkOn({ isTTY: true, columns: 100 });
    expect(code).toBe(1);
    const plain = stripVTControlCharacters(out);
    const lines = plain.split('\n');
    // Only a word longer than a line (a URL) may pass the edge, on a line of its own.
    for (const line of lines) if (line.length > 100) expect(line.trim()).toMatch(/^\S+$/);
    const continued = lines.filter((l) => /^ {4,}\S/.test(l));
    expect(continued.length).toBeGreaterThan(10);
    expect(out).toContain('\u001b[31merror\u001b[39m');
    // The same findings, word for word, as the piped report.
    const piped = runCli(
      ['check', 'loomio.txt', '--now', '2026-06-01'],
      folderWith({ 'loomio.txt': seed }),
    );
    expect(plain.split(/\s+/)).toEqual(piped.stdout.split(/\s+/));
  });

  it('NO_COLOR keeps the wrapping and drops the colours', async () => {
    const { out } = await checkOn({ isTTY: true, columns: 100 }, { NO_COLOR: '1' });
    expect(out).not.toContain('\u001b[');
    expect(out).toBe(stripVTControlCharacters((await checkOn({ isTTY: true, columns: 100 })).out));
  });

  it('a width without a terminal (a redirected stream that reports one) does not wrap', async () => {
    const { out } = await checkOn({ isTTY: false, columns: 60 });
    expect(out.split('\n').some((l) => l.length > 200)).toBe(true);
    expect(out.split('\n').filter((l) => /^ {4,}\S/.test(l))).toEqual([]);
  });
});
