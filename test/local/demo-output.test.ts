import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const made: string[] = [];

/** `npm start -- --folder <dir>` with no App configured: the demo, on its own data dir, piped. */
function demo(folder: string): { code: number | null; stdout: string; stderr: string } {
  const data = mkdtempSync(join(tmpdir(), 'policy-demo-'));
  made.push(data);
  const run = spawnSync(TSX, ['functions/local/start.ts', '--folder', folder], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', POLICY_CHECKER_DATA_DIR: data, PORT: '0' },
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('npm start (the local demo) prints the check run as plain text', () => {
  it('shows no Markdown on the terminal: no bold marks, pipes, link syntax or escapes', () => {
    const folder = mkdtempSync(join(tmpdir(), 'policy-demo-docs-'));
    made.push(folder);
    mkdirSync(join(folder, 'docs'));
    copyFileSync(
      new URL('../fixtures/seeds/000_62ec3f6365ac6779.txt', import.meta.url),
      join(folder, 'docs', 'third-party-subprocessors.md'),
    );
    const run = demo(folder);
    expect(run.stderr).toMatch(/job local\/\S+ done/);
    expect(run.stdout).toMatch(/^Check run "Policy compliance": failure — \d+ errors/m);
    expect(run.stdout).toContain('❌ Failing');
    expect(run.stdout).not.toMatch(
      /\*\*|\]\(|^#{1,6} |^\|.*\|$|\\[()\\:`*_[\]|#!~]|&(amp|lt|gt);/m,
    );
  }, 90_000);
});
