import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { summary, validate } from '../report/multitool.js';
import { folderWith, runCli } from './run-cli.js';

const NOW = '2026-12-08';
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

/** A repository whose TODO was committed 762 days before NOW, then two later commits. */
function repository(): string {
  const cwd = folderWith({
    'subprocessors.md':
      "# Subprocessors\n\n- [Mailgun](https://www.mailgun.com/legal/dpa/) for email, hosted in Germany\n\nTODO: didn't we remove this?\n",
  });
  const commit = (date: string, message: string) =>
    execFileSync('git', ['commit', '-qm', message], {
      cwd,
      env: { ...env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd, env });
  execFileSync('git', ['add', '.'], { cwd, env });
  commit('2024-11-06T00:00:00Z', 'list');
  writeFileSync(join(cwd, 'README.md'), 'Our policies.\n');
  execFileSync('git', ['add', '.'], { cwd, env });
  commit('2026-12-01T12:00:00Z', 'readme');
  return cwd;
}

/** `git clone --depth N` of the repository, as actions/checkout does with depth 1. */
function shallowClone(source: string, depth: number): string {
  const target = join(mkdtempSync(join(tmpdir(), 'policy-check-clone-')), 'repo');
  execFileSync('git', ['clone', '-q', '--depth', String(depth), `file://${source}`, target], {
    env,
  });
  return target;
}

const check = (cwd: string, format = 'text') =>
  runCli(['check', '--now', NOW, '--format', format], cwd);

describe('a shallow clone', () => {
  let source: string;
  let shallow: string;
  beforeAll(() => {
    source = repository();
    shallow = shallowClone(source, 1);
  });

  it('in the full repository, the TODO is 762 days old and stale', () => {
    const run = check(source);
    expect(run.stdout).toMatch(/"TODO: didn't we remove this\?" is 762 days old \(allowed: 30\)/);
    expect(run.stdout).not.toMatch(/shallow clone/);
    expect(run.code).toBe(1);
  });

  it('says once, at the top, that TODO ages are unknown and how to fetch the history', () => {
    const run = check(shallow);
    const [first, ...rest] = run.stdout.split('\n');
    expect(first).toMatch(/^warning {2}This is a shallow clone, .*their ages are unknown/);
    expect(first).toMatch(
      /fetch-depth: 0 with actions\/checkout, or git fetch --unshallow {2}shallow-clone$/,
    );
    expect(rest.join('\n')).not.toMatch(/shallow clone/);
    // Unknown, not "0 days old": the blame's only commit is 7 days old, the line is not.
    expect(run.stdout).toMatch(/"TODO: didn't we remove this\?": its age is unknown/);
    expect(run.stdout).not.toMatch(/days old/);
  });

  it('carries the note in JSON, GitHub commands and SARIF', () => {
    const json = JSON.parse(check(shallow, 'json').stdout) as {
      notes: { id: string; severity: string; message: string }[];
    };
    expect(Object.keys(json)[1]).toBe('notes');
    expect(json.notes).toEqual([
      { id: 'shallow-clone', severity: 'warning', message: expect.stringMatching(/--unshallow/) },
    ]);
    const github = check(shallow, 'github').stdout.split('\n');
    expect(github[0]).toMatch(/^::warning title=shallow-clone::This is a shallow clone, /);
    const sarif = JSON.parse(check(shallow, 'sarif').stdout) as Log;
    const notices = sarif.runs[0]?.invocations?.[0]?.toolExecutionNotifications;
    expect(notices).toEqual([
      {
        level: 'warning',
        message: { text: json.notes[0]!.message },
        descriptor: { id: 'shallow-clone' },
      },
    ]);
    expect(summary(validate(sarif, 'shallow-clone'))).toEqual([]);
  }, 60_000);

  it('keeps the ages of lines committed inside the history it has', () => {
    writeFileSync(
      join(source, 'subprocessors.md'),
      "# Subprocessors\n\nTODO: didn't we remove this?\n\nTODO: ask legal\n",
    );
    execFileSync('git', ['commit', '-qam', 'ask'], {
      cwd: source,
      env: {
        ...env,
        GIT_AUTHOR_DATE: '2026-12-03T12:00:00Z',
        GIT_COMMITTER_DATE: '2026-12-03T12:00:00Z',
      },
    });
    const run = check(shallowClone(source, 2));
    expect(run.stdout).toMatch(/"TODO: ask legal" is 4 days old/);
    expect(run.stdout).toMatch(/"TODO: didn't we remove this\?": its age is unknown/);
    expect(run.stdout.split('\n')[0]).toMatch(/shallow clone/);
  });

  it('says nothing when no TODO needed its history', () => {
    const clean = folderWith({
      'subprocessors.md':
        '# Subprocessors\n\n- [Mailgun](https://www.mailgun.com/legal/dpa/) for email, hosted in Germany\n',
    });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: clean, env });
    execFileSync('git', ['add', '.'], { cwd: clean, env });
    execFileSync('git', ['commit', '-qm', 'list'], { cwd: clean, env });
    expect(check(shallowClone(clean, 1)).stdout).not.toMatch(/shallow/);
  });
});
