import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

const LIST = `# Subprocessors

| Subprocessor | Purpose | Location | DPA |
| --- | --- | --- | --- |
| Mailgun | Email delivery | | [DPA](https://www.mailgun.com/legal/dpa/) |
| Hetzner | Hosting | Germany | [DPA](https://www.hetzner.com/legal/data-processing-agreement) |
`;

const findings = (stdout: string) =>
  (
    JSON.parse(stdout) as {
      files: {
        path: string;
        findings: { ruleId: string; line: number; severity: string; message: string }[];
      }[];
    }
  ).files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));

describe('configuration', () => {
  it('changes a rule severity and turns rules off', () => {
    const cwd = folderWith({
      'subprocessors.md': LIST,
      '.policy-checker.yml': 'rules:\n  location-required: warning\n',
    });
    const run = runCli(['check', '--format', 'json'], cwd);
    expect(run.code).toBe(0);
    expect(findings(run.stdout)).toMatchObject([
      { ruleId: 'location-required', severity: 'warning', line: 5 },
    ]);
    const off = runCli(
      ['check'],
      folderWith({
        'subprocessors.md': LIST,
        '.policy-checker.yml': 'rules:\n  location-required: off\n',
      }),
    );
    expect(off.code).toBe(0);
  });

  it('reports an invalid config at its line and exits 2', () => {
    const cwd = folderWith({
      'subprocessors.md': LIST,
      '.policy-checker.yml': 'rules:\n  location-required: loud\nfilez: []\n',
    });
    const run = runCli(['check', '--format', 'json'], cwd);
    expect(run.code).toBe(2);
    const problems = findings(run.stdout).filter((f) => f.ruleId === 'config-invalid');
    expect(problems.map((p) => [p.path, p.line])).toEqual(
      expect.arrayContaining([
        ['.policy-checker.yml', 2],
        ['.policy-checker.yml', 3],
      ]),
    );
  });

  it('reports rule settings that name no rule, and params the rule type rejects, at their lines', () => {
    const config =
      'rules:\n  location-requred: warning\n  stale-todo:\n    params:\n      maxAgeDays: "14"\n';
    const run = runCli(
      ['check', '--format', 'json'],
      folderWith({ 'subprocessors.md': LIST, '.policy-checker.yml': config }),
    );
    expect(run.code).toBe(2);
    const problems = findings(run.stdout).filter((f) => f.ruleId === 'config-invalid');
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[0]!.message).toMatch(
      /^"rules\.location-requred" names no rule; did you mean location-required\?$/,
    );
    expect(problems[1]!.message).toMatch(
      /^"rules\.stale-todo": params\/maxAgeDays must be integer .*runs with its defaults$/,
    );
  });

  it('configures the ids the engine reports itself, like markdown-recovered', () => {
    const text = `${LIST}\n## Other\n\n### Acme\n\nHosting, located in Germany. [DPA] (https://acme.example/dpa)\n\n### Beta\n\nEmail, located in Germany. [DPA](https://beta.example/dpa)\n`;
    const on = runCli(['check', '--format', 'json'], folderWith({ 'subprocessors.md': text }));
    expect(findings(on.stdout).map((f) => f.ruleId)).toContain('markdown-recovered');
    const off = runCli(
      ['check', '--format', 'json'],
      folderWith({
        'subprocessors.md': text,
        '.policy-checker.yml': 'rules:\n  markdown-recovered: off\n',
      }),
    );
    expect(findings(off.stdout).map((f) => f.ruleId)).not.toContain('markdown-recovered');
  });

  it('honours a waiver until it expires, then reports the waiver and the finding', () => {
    const waiver = (expires: string) =>
      `waivers:\n  - rule: location-required\n    thirdParty: Mailgun Technologies, Inc.\n    reason: asked the vendor\n    expires: ${expires}\n`;
    const active = runCli(
      ['check', '--now', '2026-06-01'],
      folderWith({ 'subprocessors.md': LIST, '.policy-checker.yml': waiver('2026-12-31') }),
    );
    expect(active.code).toBe(0);
    const expired = runCli(
      ['check', '--format', 'json', '--now', '2026-06-01'],
      folderWith({ 'subprocessors.md': LIST, '.policy-checker.yml': waiver('2026-01-31') }),
    );
    expect(expired.code).toBe(1);
    expect(findings(expired.stdout).map((f) => [f.ruleId, f.path, f.line])).toEqual([
      ['location-required', 'subprocessors.md', 5],
      ['waiver-expired', '.policy-checker.yml', 2],
    ]);
  });

  it('honours inline suppressions in Markdown', () => {
    const text = LIST.replace(
      '| Mailgun',
      '<!-- policy-check-disable-next-line location-required -- asked the vendor -->\n| Mailgun',
    );
    // An HTML comment inside a table ends it in GFM; the suppression form users write goes before the table.
    const heading = `# Subprocessors\n\n<!-- policy-check-disable-next-line location-required -- asked -->\n### Mailgun\nEmail delivery. [DPA](https://www.mailgun.com/legal/dpa/)\n\n### Hetzner\nHosting, located in Germany. [DPA](https://www.hetzner.com/legal/dpa)\n`;
    expect(runCli(['check'], folderWith({ 'subprocessors.md': heading })).code).toBe(0);
    expect(text).toContain('policy-check-disable-next-line');
  });

  it('ages TODOs from git blame: stale is an error, fresh a notice', () => {
    const cwd = folderWith({ 'privacy.md': '# Privacy\n\nTODO: name our subprocessors\n' });
    const git = (args: string[], date: string) =>
      execFileSync('git', args, {
        cwd,
        env: {
          ...process.env,
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.com',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.com',
        },
      });
    git(['init', '-q'], '2026-01-01T00:00:00Z');
    git(['add', '.'], '2026-01-01T00:00:00Z');
    git(['commit', '-qm', 'policy'], '2026-01-01T00:00:00Z');
    const stale = runCli(['check', '--format', 'json', '--now', '2026-03-01'], cwd);
    expect(stale.code).toBe(1);
    expect(findings(stale.stdout)[0]).toMatchObject({
      ruleId: 'stale-todo',
      severity: 'error',
      line: 3,
    });
    expect(findings(stale.stdout)[0]!.message).toContain('is 59 days old (allowed: 30)');
    // A file git does not track yet is new: its TODOs are fresh, whatever --now says.
    writeFileSync(join(cwd, 'vendors.md'), '# Vendors\n\nFIXME: add locations\n');
    const untracked = findings(
      runCli(['check', 'vendors.md', '--format', 'json', '--now', '2026-03-01'], cwd).stdout,
    );
    expect(untracked[0]).toMatchObject({ ruleId: 'stale-todo', severity: 'notice' });
    expect(untracked[0]!.message).toContain('is 0 days old');
    const fresh = runCli(['check', '--format', 'json', '--now', '2026-01-10'], cwd);
    expect(findings(fresh.stdout)[0]).toMatchObject({ ruleId: 'stale-todo', severity: 'notice' });
  });

  it('treats a TODO past its own date as stale, without git', () => {
    const cwd = folderWith({ 'privacy.md': '# Privacy\n\nTODO(2026-02-01): list the vendors\n' });
    expect(
      findings(runCli(['check', '--format', 'json', '--now', '2026-03-01'], cwd).stdout)[0],
    ).toMatchObject({ severity: 'error' });
    expect(
      findings(runCli(['check', '--format', 'json', '--now', '2026-01-15'], cwd).stdout)[0],
    ).toMatchObject({ severity: 'notice' });
  });
});

describe('other commands', () => {
  it('extract prints the third parties of one file as JSON, whatever its extension', () => {
    const run = runCli(['extract', 'list.txt'], folderWith({ 'list.txt': LIST }));
    expect(run.code).toBe(0);
    const parsed = JSON.parse(run.stdout) as {
      thirdParties: { name: string; countries: string[] }[];
    };
    expect(parsed.thirdParties.map((t) => [t.name, t.countries])).toEqual([
      ['Mailgun', []],
      ['Hetzner', ['DE']],
    ]);
  });

  it('init writes a valid commented config once', () => {
    const cwd = folderWith({ 'subprocessors.md': LIST });
    expect(runCli(['init'], cwd).code).toBe(0);
    expect(readFileSync(join(cwd, '.policy-checker.yml'), 'utf8')).toContain('# waivers:');
    expect(runCli(['init'], cwd)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/already exists; use --force/),
    });
    expect(runCli(['init', '--force'], cwd).code).toBe(0);
    const run = runCli(['check', '--format', 'json'], cwd);
    expect(findings(run.stdout).filter((f) => f.ruleId === 'config-invalid')).toEqual([]);
    expect(existsSync(join(cwd, '.policy-checker.yml'))).toBe(true);
  });

  it('--help explains commands, formats and exit codes', () => {
    const run = runCli(['--help'], folderWith({}));
    expect(run.code).toBe(0);
    for (const word of ['check', 'extract', 'init', '--format', 'Exit codes'])
      expect(run.stdout).toContain(word);
  });
});
