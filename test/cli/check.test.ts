import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

const seed = readFileSync(
  new URL('../fixtures/seeds/000_62ec3f6365ac6779.txt', import.meta.url),
  'utf8',
);
const CLEAN = `# Subprocessors

| Subprocessor | Purpose | Location | Transfer | DPA |
| --- | --- | --- | --- | --- |
| Mailgun Technologies, Inc. | Email delivery | United States | EU-US Data Privacy Framework | [DPA](https://www.mailgun.com/legal/dpa/) |
| Hetzner Online GmbH | Hosting | Germany | | [DPA](https://www.hetzner.com/legal/data-processing-agreement) |
`;

describe('policy-check check', () => {
  it('reports the Loomio seed: missing locations, three TODOs, duplicates at their lines, exit 1', () => {
    const cwd = folderWith({ 'loomio.txt': seed });
    const run = runCli(['check', 'loomio.txt', '--now', '2026-06-01'], cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('loomio.txt:56:1');
    expect(run.stdout).toMatch(
      /loomio\.txt:79:1\s+warning\s+Cloudflare is listed again \(first at line 56\)/,
    );
    expect(run.stdout).toMatch(
      /loomio\.txt:85:1\s+warning\s+Heroku is listed again \(first at line 43\)/,
    );
    expect(run.stdout).toMatch(
      /loomio\.txt:72:1\s+warning\s+Gravatar is listed again \(first at line 21\)/,
    );
    expect(run.stdout.match(/stale-todo/g)).toHaveLength(3);
    expect(run.stdout.match(/has no location/g)).toHaveLength(19);
    // Slack, Chargify and Heroku (Salesforce) still cite the invalidated Privacy Shield.
    const shield = run.stdout.split('\n').filter((l) => l.includes('invalid-transfer-mechanism'));
    expect(shield.map((l) => l.split(/\s+/)[0])).toEqual([
      'loomio.txt:33:2',
      'loomio.txt:39:2',
      'loomio.txt:46:70',
      'loomio.txt:46:103',
    ]);
    expect(shield[0]).toMatch(
      /Slack relies on the EU-U\.S\. Privacy Shield, invalid since 2020-07-16/,
    );
    expect(run.stderr).toBe('');
  });

  it('compares lists across files: the Rocket.Chat subprocessor page and privacy policy', () => {
    const fixture = (name: string) =>
      readFileSync(new URL(`../fixtures/seeds/${name}`, import.meta.url), 'utf8');
    const cwd = folderWith({
      'subprocessors.md': fixture('002_a4bca1b695358233.txt'),
      'privacy-policy.md': fixture('003_0faf117e7b8c9192.txt'),
    });
    const run = runCli(['check', '--format', 'json', '--rule', 'cross-document-consistency'], cwd);
    const report = JSON.parse(run.stdout) as {
      files: { path: string; findings: { thirdParty: string; message: string }[] }[];
    };
    const missing = (path: string) =>
      report.files
        .find((f) => f.path === path)!
        .findings.filter((f) => /is listed here but not in/.test(f.message))
        .map((f) => f.thirdParty);
    expect(missing('subprocessors.md')).toEqual(
      expect.arrayContaining(['Clearbit', 'Yesware', 'MongoDB Cloud']),
    );
    expect(missing('privacy-policy.md')).toEqual(['Google Analytics']);
  });

  it('exits 0 on a clean list and says so', () => {
    const run = runCli(['check'], folderWith({ 'docs/subprocessors.md': CLEAN }));
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('No problems in 1 file, 2 third parties');
  });

  it('prints only the JSON report, in the DESIGN.md shape', () => {
    const run = runCli(
      ['check', 'loomio.txt', '--format', 'json', '--now', '2026-06-01'],
      folderWith({ 'loomio.txt': seed }),
    );
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      version: number;
      files: Record<string, unknown>[];
      summary: Record<string, number>;
    };
    expect(report.version).toBe(1);
    const file = report.files[0] as {
      path: string;
      format: string;
      thirdParties: Record<string, unknown>[];
      findings: Record<string, unknown>[];
    };
    expect(file).toMatchObject({ path: 'loomio.txt', format: 'markdown', errors: [] });
    expect(Object.keys(file.thirdParties[0]!).sort()).toEqual(
      ['countries', 'endLine', 'gdprLink', 'line', 'links', 'location', 'name', 'purpose'].sort(),
    );
    expect(Object.keys(file.findings[0]!).sort()).toEqual(
      [
        'column',
        'docsUrl',
        'endColumn',
        'endLine',
        'fingerprint',
        'line',
        'message',
        'related',
        'ruleId',
        'severity',
        'thirdParty',
      ].sort(),
    );
    expect(file.findings.every((f) => /^v1:[0-9a-f]{32}$/.test(String(f.fingerprint)))).toBe(true);
    expect(report.summary).toEqual({
      files: 1,
      thirdParties: 19,
      errors: 35,
      warnings: 3,
      notices: 7,
    });
  });

  it('writes SARIF 2.1.0 with one result per finding and stable fingerprints', () => {
    const run = runCli(
      ['check', 'loomio.txt', '--format', 'sarif'],
      folderWith({ 'loomio.txt': seed }),
    );
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: { results: { partialFingerprints: Record<string, string> }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(45);
    expect(Object.values(sarif.runs[0]!.results[0]!.partialFingerprints)[0]).toMatch(/^v1:/);
  });

  it('writes GitHub workflow commands', () => {
    const run = runCli(
      ['check', 'loomio.txt', '--format', 'github'],
      folderWith({ 'loomio.txt': seed }),
    );
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(45);
    expect(lines.every((l) => /^::(error|warning|notice) file=loomio\.txt,line=\d+/.test(l))).toBe(
      true,
    );
  });

  it("keeps a finding's fingerprint when lines move", () => {
    const before = runCli(
      ['check', 'a.md', '--format', 'json'],
      folderWith({ 'a.md': CLEAN.replace('Germany', '') }),
    );
    const after = runCli(
      ['check', 'a.md', '--format', 'json'],
      folderWith({ 'a.md': `Intro line.\n\n${CLEAN.replace('Germany', '')}` }),
    );
    const prints = (run: typeof before) =>
      (JSON.parse(run.stdout) as { files: { findings: { fingerprint: string; line: number }[] }[] })
        .files[0]!.findings;
    expect(prints(after)[0]!.line).toBe(prints(before)[0]!.line + 2);
    expect(prints(after).map((f) => f.fingerprint)).toEqual(
      prints(before).map((f) => f.fingerprint),
    );
  });

  it('reports every unreadable file, checks the rest, and exits 2', () => {
    const cwd = folderWith({
      'good.md': CLEAN,
      'empty.md': '',
      'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'latin1.md': Buffer.from('Caf\xe9 vendor list\n', 'latin1'),
      'utf16.md': Buffer.from('\ufeff# Vendors\n', 'utf16le'),
    });
    const run = runCli(
      [
        'check',
        'good.md',
        'empty.md',
        'binary.md',
        'latin1.md',
        'utf16.md',
        'missing.md',
        '--format',
        'json',
      ],
      cwd,
    );
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as {
      files: {
        path: string;
        errors: { ruleId: string; message: string }[];
        thirdParties: unknown[];
      }[];
    };
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath['good.md']!.thirdParties).toHaveLength(2);
    expect(byPath['empty.md']!.errors[0]!.message).toMatch(/empty/);
    expect(byPath['binary.md']!.errors[0]!.message).toMatch(/binary/);
    expect(byPath['latin1.md']!.errors[0]!.message).toMatch(
      /not valid UTF-8 \(first bad byte on line 1\)/,
    );
    expect(byPath['missing.md']!.errors[0]!.message).toMatch(/No such file/);
    expect(byPath['utf16.md']!.errors[0]!.message).toMatch(
      /UTF-16 \(little-endian\), not UTF-8; save it as UTF-8/,
    );
    expect(byPath['missing.md']!.errors[0]).toMatchObject({
      ruleId: 'file-unreadable',
      docsUrl: expect.stringMatching(/file-unreadable\.md$/),
    });
  });

  it('reports a file over the configured size cap without reading it', () => {
    const cwd = folderWith({
      '.policy-checker.yml': 'maxFileSize: 1KB\n',
      'vendors.md': CLEAN.repeat(20),
    });
    const run = runCli(['check', 'vendors.md'], cwd);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /is [0-9,]+ bytes, over the limit of 1,000 bytes; split it, or raise maxFileSize/,
    );
  });

  it('exits 2 and says what to do when a folder holds no policy files', () => {
    const run = runCli(['check', '.'], folderWith({ 'notes.md': '# Notes\n' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no policy files found in \.; name the files, or set "files"/);
  });

  it('exits 2 on a usage error', () => {
    const run = runCli(['check', '--bogus'], folderWith({}));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('policy-check: unknown option --bogus; see policy-check --help\n');
    expect(
      runCli(['check', '--format', 'xml'], folderWith({ 'privacy.md': CLEAN })).stderr,
    ).toMatch(/unknown format "xml"/);
    expect(runCli(['frobnicate'], folderWith({})).code).toBe(2);
  });

  it('checks a folder through the default globs, skipping node_modules', () => {
    const cwd = folderWith({
      'docs/subprocessors.md': CLEAN,
      'node_modules/pkg/privacy.md': '# x\n\nTODO: nope\n',
      'README.md': '# Readme\n',
    });
    const report = JSON.parse(runCli(['check', '--format', 'json'], cwd).stdout) as {
      files: { path: string }[];
    };
    expect(report.files.map((f) => f.path)).toEqual(['docs/subprocessors.md']);
  });
});
