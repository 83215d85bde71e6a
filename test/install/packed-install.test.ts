import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const version = (
  JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
).version;

const HEADER = '| Subprocessor | Purpose | Location | DPA |\n| --- | --- | --- | --- |\n';
const HETZNER =
  '| Hetzner Online GmbH | Encrypted off-site backups | Germany | [DPA](https://www.hetzner.com/legal/data-processing-agreement) |\n';
const NO_LOCATION =
  '| Acme Mail GmbH | Transactional email | | [DPA](https://acme.example/legal/dpa) |\n';

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * The repository as a fresh clone has it (tracked and new files, nothing git ignores, so no
 * dist/), with the installed node_modules beside it: `npm pack` there must build dist itself.
 */
function cleanCopy(into: string): string {
  const copy = join(into, 'src');
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root)
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    // A file deleted in the working tree but still in the index is not part of the package.
    try {
      cpSync(join(root, file), join(copy, file));
    } catch {
      continue;
    }
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

describe('the packed package, installed outside the repository', () => {
  let work: string;
  let entries: string[];
  let bin: string;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'policy-pack-'));
    const copy = cleanCopy(work);
    // npm pack runs prepare (the build) in the copy, as it would in a fresh clone.
    run('npm', ['pack', '--pack-destination', work, '--no-audit', '--no-fund'], copy);
    const tarball = join(work, `policy-checker-${version}.tgz`);
    entries = run('tar', ['-tzf', tarball], work)
      .split('\n')
      .filter(Boolean)
      .map((e) => e.replace(/^package\//, ''));
    const prefix = join(work, 'prefix');
    // The package from the packed file; its dependencies from npm's cache, which npm ci filled
    // (the registry is asked only for what the cache lacks).
    run(
      'npm',
      [
        'install',
        '--global',
        '--prefix',
        prefix,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
      ],
      work,
    );
    bin = join(prefix, 'bin', 'policy-check');
  }, 300_000);

  // The copy and the installed prefix take about 80 MB a run.
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships the built CLI, the rule pack and the rule docs, and no sources, tests or source maps', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'dist/functions/cli/bin.js',
        'dist/functions/action/bin.js',
        'policies/rules/location-required.yaml',
        'policies/schemas/config.schema.json',
        'policies/vendor-aliases.yaml',
        'docs/rules/location-required.md',
      ]),
    );
    const stray = entries.filter(
      (e) => /\.(ts|map)$/.test(e) || /^(test|bench|infra|functions|node_modules)\//.test(e),
    );
    expect(stray).toEqual([]);
  });

  it('ships no stale build output: every compiled module has its source', () => {
    const compiled = entries.filter((e) => e.startsWith('dist/functions/') && e.endsWith('.js'));
    expect(compiled.length).toBeGreaterThan(50);
    const sources = new Set(
      readdirSync(join(root, 'functions'), { recursive: true }).map(
        (f) => `functions/${String(f)}`,
      ),
    );
    const orphans = compiled.filter(
      (e) => !sources.has(e.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
    );
    expect(orphans).toEqual([]);
  });

  it('runs policy-check check in a folder outside the repository: findings, exit code 1', () => {
    const site = mkdtempSync(join(work, 'site-'));
    writeFileSync(
      join(site, 'subprocessors.md'),
      `# Subprocessors\n\n${HEADER}${HETZNER}${NO_LOCATION}`,
    );
    const result = spawnSync(bin, ['check', '--format', 'json'], { cwd: site, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as {
      files: { path: string; findings: { ruleId: string; line: number; thirdParty: string }[] }[];
      summary: { thirdParties: number; errors: number };
    };
    expect(report.files.map((f) => f.path)).toEqual(['subprocessors.md']);
    expect(report.summary).toMatchObject({ thirdParties: 2, errors: 1 });
    expect(report.files[0]!.findings).toEqual([
      expect.objectContaining({
        ruleId: 'location-required',
        line: 6,
        thirdParty: 'Acme Mail GmbH',
      }),
    ]);
    const text = spawnSync(bin, ['check', 'subprocessors.md'], { cwd: site, encoding: 'utf8' });
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/subprocessors\.md:6:1\s+error\s+Acme Mail GmbH has no location/);
  });

  it('passes a clean list with exit code 0, and says its version', () => {
    const site = mkdtempSync(join(work, 'site-'));
    writeFileSync(join(site, 'subprocessors.md'), `# Subprocessors\n\n${HEADER}${HETZNER}`);
    const result = spawnSync(bin, ['check'], { cwd: site, encoding: 'utf8' });
    expect(result.stdout).toContain('No problems');
    expect(result.status).toBe(0);
    expect(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()).toBe(version);
  });
});
