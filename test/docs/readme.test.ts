import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The README's fenced code blocks, and its prose with them and inline code taken out. */
const FENCE = /^```[^\n]*\n([\s\S]*?)^```$/gm;
const blocks = [...README.matchAll(FENCE)].map((m) => m[1]!);
const prose = README.replace(FENCE, '');

/** Folders of this repository that a path in the README starts from. */
const REPO_FOLDERS = /^(?:functions|policies|test|infra|bench|docs|\.ci)\//;

const exists = (path: string): boolean => existsSync(join(ROOT, path.replace(/#.*$/, '')));

describe('README: every repository path it names exists under that name', () => {
  it('relative links', () => {
    const links = [...prose.replace(/`[^`\n]*`/g, '').matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^(?:[a-z]+:|#)/.test(target));
    expect(links.length).toBeGreaterThan(30);
    expect(links.filter((target) => !exists(target))).toEqual([]);
  });

  it('repository paths written as code in the prose', () => {
    const paths = [...prose.matchAll(/`([^`\s]+)`/g)]
      .map((m) => m[1]!)
      .filter((p) => REPO_FOLDERS.test(p));
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !exists(p))).toEqual([]);
  });

  it('the files the example commands run on ($ lines), from the folder they cd into', () => {
    const commands = blocks.flatMap((b) => b.split('\n').filter((l) => l.startsWith('$ ')));
    expect(commands.length).toBeGreaterThanOrEqual(2);
    const missing: string[] = [];
    for (const command of commands) {
      let cwd = ROOT;
      for (const step of command
        .slice(2)
        .split('&&')
        .map((s) => s.trim().split(/\s+/))) {
        if (step[0] === 'cd') cwd = resolve(cwd, step[1]!);
        else
          for (const arg of step.slice(3).filter((a) => !a.startsWith('-')))
            if (!existsSync(join(cwd, arg))) missing.push(`${command}: ${arg}`);
      }
      if (!existsSync(cwd)) missing.push(`${command}: ${cwd}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('README: the Loomio example is the real terminal output', () => {
  const example = blocks.find((b) => b.startsWith('$ cd test/fixtures/seeds'))!;

  it('each finding it shows is printed so, word for word, on a terminal 100 columns wide', async () => {
    let out = '';
    await main({
      argv: ['check', '000_62ec3f6365ac6779.txt'],
      stdout: { isTTY: true, columns: 100, write: (t: string) => (out += t) },
      stderr: { write: () => true },
      cwd: join(ROOT, 'test/fixtures/seeds'),
      env: { NO_COLOR: '1' },
      today: '2026-12-08',
    });
    // A finding is its location line and the lines wrapped under it.
    const findings = example
      .split(/\n(?=000_|…)/)
      .slice(1)
      .filter((f) => f.startsWith('000_'));
    expect(findings.length).toBeGreaterThanOrEqual(8);
    for (const finding of findings) expect(out).toContain(`${finding.trimEnd()}\n`);
    // Only a word longer than the room left (a URL) passes the terminal's edge, on a line of its own.
    for (const line of example.split('\n'))
      if (line.trim().includes(' ')) expect(line.length, line).toBeLessThanOrEqual(100);
    // TODO ages come from git blame: the summary's split between errors and notices moves with them.
    expect(example).toMatch(
      /^✖ \d+ problems \(\d+ errors, 3 warnings, \d+ notices\) in 1 file, 19 third parties$/m,
    );
    expect(out).toContain('in 1 file, 19 third parties\n');
  });
});
