import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

/**
 * Issue 15, point 2: `policy-check snapshot` wrote its private signing key to
 * `.policy-checker/signing-key.pem` inside the repository it checked, where `git add -A`
 * staged it. The key now lives in the user's configuration folder, and a `--key` that git would
 * track is refused. Each case runs the built CLI in a real git repository.
 */

const LIST = `# Subprocessors

| Subprocessor | Purpose | Location | DPA |
| --- | --- | --- | --- |
| Hetzner Online GmbH | Hosting | Germany | [DPA](https://www.hetzner.com/legal/data-processing-agreement) |
`;

function git(args: string[], cwd: string): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
}

/** A folder holding `repo/` (a git repository with a policy file) and room beside it. */
function workspace(files: Record<string, string> = {}): { root: string; repo: string } {
  const root = folderWith({ 'repo/subprocessors.md': LIST, ...files });
  const repo = join(root, 'repo');
  git(['init', '-q'], repo);
  return { root, repo };
}

/** What `git add -A` would stage now. */
const staged = (repo: string): string[] =>
  git(['add', '-A', '--dry-run'], repo)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^add '(.*)'$/, '$1'));

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('policy-check snapshot keeps its private key out of the repository', () => {
  it('by default, writes the key to $XDG_CONFIG_HOME/policy-checker/ (0600 in 0700), nothing for git to stage', () => {
    const { root, repo } = workspace();
    const config = join(root, 'config');
    const run = runCli(['snapshot', '--out', '../site'], repo, { XDG_CONFIG_HOME: config });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const key = join(config, 'policy-checker', 'signing-key.pem');
    expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(mode(key)).toBe(0o600);
    expect(mode(join(config, 'policy-checker'))).toBe(0o700);
    expect(existsSync(join(repo, '.policy-checker'))).toBe(false);
    expect(staged(repo)).toEqual(['subprocessors.md']);
  });

  it('without XDG_CONFIG_HOME (or with a relative one), uses ~/.config/policy-checker/', () => {
    const { root, repo } = workspace();
    const home = join(root, 'home');
    mkdirSync(home);
    const run = runCli(['snapshot', '--out', '../site'], repo, {
      HOME: home,
      XDG_CONFIG_HOME: 'relative/config',
    });
    expect(run.code).toBe(0);
    expect(mode(join(home, '.config', 'policy-checker', 'signing-key.pem'))).toBe(0o600);
    expect(existsSync(join(repo, 'relative'))).toBe(false);
  });

  it('a second snapshot signs with the same key, so the pinned fingerprint holds', () => {
    const { root, repo } = workspace();
    const env = { XDG_CONFIG_HOME: join(root, 'config') };
    expect(runCli(['snapshot', '--out', '../site'], repo, env).code).toBe(0);
    writeFileSync(join(repo, 'subprocessors.md'), LIST.replace('Hosting', 'Hosting, backups'));
    expect(runCli(['snapshot', '--out', '../site'], repo, env).code).toBe(0);
    const keyId = (n: number): unknown =>
      (JSON.parse(readFileSync(join(root, 'site', `${n}.json`), 'utf8')) as { keyId: unknown })
        .keyId;
    expect(keyId(2)).toBe(keyId(1));
  });

  it('refuses a --key inside the work tree that git would stage, and writes nothing', () => {
    const { root, repo } = workspace();
    const run = runCli(['snapshot', '--out', '../site', '--key', 'keys/signing.pem'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--key ${join(repo, 'keys/signing.pem')} is inside a git work`);
    expect(run.stderr).toMatch(/git add -A would stage the private key\. Keep it outside/);
    expect(run.stderr).toMatch(/or add it to \.gitignore first/);
    expect(existsSync(join(repo, 'keys'))).toBe(false);
    expect(existsSync(join(root, 'site'))).toBe(false);
  });

  it('refuses a --key that git already tracks, saying the key must be replaced', () => {
    const { repo } = workspace({ 'repo/keys/signing.pem': 'not even a key\n' });
    git(['add', 'keys/signing.pem'], repo);
    const run = runCli(['snapshot', '--out', '../site', '--key', 'keys/signing.pem'], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is tracked by git: the private key is in the repository's history/);
    expect(run.stderr).toMatch(/Make a new key outside the repository/);
  });

  it('accepts a --key in the work tree that .gitignore keeps out, and one outside any repository', () => {
    const { root, repo } = workspace({ 'repo/.gitignore': 'secrets/\n' });
    const ignored = runCli(['snapshot', '--out', '../site', '--key', 'secrets/key.pem'], repo);
    expect(ignored.code).toBe(0);
    expect(staged(repo)).toEqual(['.gitignore', 'subprocessors.md']);
    const outside = runCli(['snapshot', '--out', '../site2', '--key', '../keys/key.pem'], repo);
    expect(outside.code).toBe(0);
    expect(mode(join(root, 'keys', 'key.pem'))).toBe(0o600);
  });

  it('refuses the default location when a dotfiles repository would track it', () => {
    const { root, repo } = workspace();
    const home = join(root, 'home');
    mkdirSync(home);
    git(['init', '-q'], home);
    const run = runCli(['snapshot', '--out', '../site'], repo, { HOME: home });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `the signing key ${join(home, '.config/policy-checker/signing-key.pem')} is inside a git work tree`,
    );
    expect(existsSync(join(home, '.config', 'policy-checker', 'signing-key.pem'))).toBe(false);
  });
});

describe('a key left at the old location, .policy-checker/signing-key.pem', () => {
  const OLD = '.policy-checker/signing-key.pem';

  /** A repository with a key made where the previous version put it. */
  function withOldKey(): { root: string; repo: string; config: string } {
    const { root, repo } = workspace();
    const config = join(root, 'config');
    const made = runCli(['snapshot', '--out', '../old-site', '--key', join(root, 'tmp.pem')], repo);
    expect(made.code).toBe(0);
    mkdirSync(join(repo, '.policy-checker'));
    writeFileSync(join(repo, OLD), readFileSync(join(root, 'tmp.pem')), { mode: 0o600 });
    return { root, repo, config };
  }

  it('stops the run and says how to move it and to ignore it meanwhile', () => {
    const { root, repo, config } = withOldKey();
    const run = runCli(['snapshot', '--out', '../site'], repo, { XDG_CONFIG_HOME: config });
    expect(run.code).toBe(2);
    const key = join(config, 'policy-checker', 'signing-key.pem');
    expect(run.stderr).toContain(`a signing key is at ${join(repo, OLD)}, inside the folder`);
    expect(run.stderr).toContain(
      `mkdir -p -m 700 ${join(config, 'policy-checker')} && mv ${join(repo, OLD)} ${key}`,
    );
    expect(run.stderr).toContain(`add ${join(repo, '.policy-checker')}/ to .gitignore`);
    // No new key: one made beside the old would change the fingerprint customers pinned.
    expect(existsSync(key)).toBe(false);
    expect(existsSync(join(root, 'site'))).toBe(false);
  });

  it('says the key must be replaced when git already tracks it', () => {
    const { repo, config } = withOldKey();
    git(['add', '-f', OLD], repo);
    const run = runCli(['snapshot', '--out', '../site'], repo, { XDG_CONFIG_HOME: config });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/git already tracks it, so it is in the repository: make a new key/);
  });

  it('once moved, signs with the same key; a copy left behind is reported', () => {
    const { root, repo, config } = withOldKey();
    mkdirSync(join(config, 'policy-checker'), { recursive: true });
    writeFileSync(join(config, 'policy-checker', 'signing-key.pem'), readFileSync(join(repo, OLD)));
    const run = runCli(['snapshot', '--out', '../site'], repo, { XDG_CONFIG_HOME: config });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`an old signing key is still at ${join(repo, OLD)}`);
    const keyId = (site: string): unknown =>
      (JSON.parse(readFileSync(join(root, site, '1.json'), 'utf8')) as { keyId: unknown }).keyId;
    expect(keyId('site')).toBe(keyId('old-site'));
  });
});
