import { describe, expect, it } from 'vitest';
import { progress } from '../../functions/cli/progress.js';
import type { CliContext } from '../../functions/cli/io.js';

function context(
  isTTY: boolean,
  env: Record<string, string> = {},
): { context: CliContext; err: string[] } {
  const err: string[] = [];
  const stream = { write: (t: string) => err.push(t), isTTY };
  return {
    err,
    context: { argv: [], stdout: stream, stderr: stream, cwd: '/', env, today: '2026-06-01' },
  };
}

describe('progress on stderr', () => {
  it('counts files on a terminal and clears the line at the end', () => {
    const { context: c, err } = context(true);
    const show = progress(c, 200);
    for (let i = 0; i <= 200; i += 1) show(i);
    expect(err[0]).toBe('\rChecking 0/200 files (0%)');
    expect(err).toContain('\rChecking 100/200 files (50%)');
    expect(err.at(-1)).toBe('\r\x1b[K');
    expect(err.length).toBe(101); // once per percent, not once per file
  });

  it.each([
    ['piped', false, {}, 200],
    ['in CI', true, { CI: 'true' }, 200],
    ['for a short run', true, {}, 10],
  ])('stays silent when %s', (_, tty, env, total) => {
    const { context: c, err } = context(tty, env);
    const show = progress(c, total);
    for (let i = 0; i <= total; i += 1) show(i);
    expect(err).toEqual([]);
  });
});
