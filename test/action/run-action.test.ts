import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example } from '../webhook/webhook-examples.js';
import {
  commit,
  git,
  newRepo,
  pullRequestEvent,
  removeTemporaryFolders,
  runAction,
  type ActionRun,
} from './action-run.js';

afterAll(removeTemporaryFolders);

const HEADER = '| Subprocessor | Purpose | Location | DPA |\n| --- | --- | --- | --- |\n';
const HETZNER =
  '| Hetzner Online GmbH | Encrypted off-site backups | Germany | [DPA](https://www.hetzner.com/legal/data-processing-agreement) |\n';
// No location: location-required, an error, introduced by the pull request.
const ACME = '| Acme Mail GmbH | Transactional email | | [DPA](https://acme.example/legal/dpa) |\n';
const LIST = `# Subprocessors\n\nWe engage these subprocessors.\n\n${HEADER}`;

const BASE_CONFIG = 'files: [subprocessors.md]\n';
// What a pull request that adds a vendor with no location would like to slip in with it.
const LOOSER_CONFIG = 'files: [subprocessors.md]\nrules:\n  location-required: "off"\n';

/** A repository whose pull request (branch feature) adds Acme and turns location-required off. */
function repositoryWithPullRequest(): { repo: string; baseSha: string; headSha: string } {
  const repo = newRepo();
  const baseSha = commit(
    repo,
    { 'subprocessors.md': LIST + HETZNER, '.policy-checker.yml': BASE_CONFIG },
    'Subprocessors',
  );
  git(repo, 'checkout', '-q', '-b', 'feature');
  const headSha = commit(
    repo,
    { 'subprocessors.md': LIST + HETZNER + ACME, '.policy-checker.yml': LOOSER_CONFIG },
    'Add Acme; location is optional now',
  );
  return { repo, baseSha, headSha };
}

describe('the Action on a pull request', () => {
  let pr: ActionRun;
  let repo: string;

  beforeAll(() => {
    const made = repositoryWithPullRequest();
    repo = made.repo;
    pr = runAction(repo, {
      name: 'pull_request',
      payload: pullRequestEvent(made.baseSha, made.headSha),
    });
  });

  it('judges it with the base branch’s config: the rule its own config turns off still fails it', () => {
    expect(pr.stdout).toMatch(
      /^::error file=subprocessors\.md,line=8,.*title=location-required::Acme Mail GmbH has no location/m,
    );
    expect(pr.outputs.conclusion).toBe('failure');
    expect(pr.code).toBe(1);
  });

  it('reports what its own config would loosen as config-changed, annotated on the config file', () => {
    expect(pr.stdout).toMatch(
      /^::warning file=\.policy-checker\.yml,line=3,.*title=config-changed::This pull request changes the configuration; .*It loosens: rules\.location-required turned off/m,
    );
  });

  it('writes the job summary: the verdict, the base it was compared with, the third-party changes', () => {
    expect(pr.summary).toMatch(/^## ❌ Policy compliance: /m);
    expect(pr.summary).toContain("on `main` and judged with that commit's `.policy-checker.yml`");
    expect(pr.summary).toContain('### Third-party list changes');
    expect(pr.summary).toMatch(/\| Added \| Acme Mail GmbH \| Transactional email \|/);
    expect(pr.summary).not.toMatch(/\| (Added|Removed) \| Hetzner/);
    expect(pr.summary).toContain('### Introduced by this pull request');
    expect(pr.summary).not.toContain('shallow clone');
  });

  it('sets the outputs: conclusion and counts, no SARIF file unless asked', () => {
    expect(pr.outputs).toMatchObject({ conclusion: 'failure', 'sarif-file': '' });
    expect(Number(pr.outputs.errors)).toBeGreaterThanOrEqual(1);
    expect(Number(pr.outputs.warnings)).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(repo, 'policy-checker.sarif'))).toBe(false);
  });

  it('sets exactly the outputs action.yml declares', () => {
    const declared = parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as {
      outputs: Record<string, unknown>;
    };
    expect(Object.keys(pr.outputs).sort()).toEqual(Object.keys(declared.outputs).sort());
  });

  it('passes a push of the same commit, which its own config judges', () => {
    const push = runAction(repo, { name: 'push', payload: example('push') });
    expect(push.stdout).not.toContain('location-required');
    expect(push.stdout).not.toContain('config-changed');
    expect(push.outputs.conclusion).not.toBe('failure');
    expect(push.code).toBe(0);
    expect(push.summary).not.toContain('### Third-party list changes');
  });
});

describe('the Action in a shallow clone', () => {
  it('fetches the base commit it lacks, and says TODO ages need fetch-depth: 0', () => {
    const { repo, baseSha, headSha } = repositoryWithPullRequest();
    const clone = join(newRepo(), 'clone');
    git(repo, 'config', 'uploadpack.allowAnySHA1InWant', 'true');
    git(repo, 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, clone);
    expect(() => git(clone, 'cat-file', '-e', `${baseSha}^{commit}`)).toThrow();

    const run = runAction(clone, {
      name: 'pull_request',
      payload: pullRequestEvent(baseSha, headSha),
    });
    expect(run.stdout).toMatch(
      /^::error file=subprocessors\.md,line=8,.*title=location-required::/m,
    );
    expect(run.summary).toMatch(/\| Added \| Acme Mail GmbH \|/);
    expect(run.summary).toContain('this is a shallow clone, so the age of each TODO is unknown');
    expect(run.summary).toContain('`fetch-depth: 0`');
    expect(run.code).toBe(1);
  });
});

describe('the Action’s SARIF', () => {
  it('writes the SARIF file when asked and names it in the outputs', () => {
    const { repo, baseSha, headSha } = repositoryWithPullRequest();
    const run = runAction(
      repo,
      { name: 'pull_request', payload: pullRequestEvent(baseSha, headSha) },
      { sarif: 'true', 'sarif-file': 'out/policy.sarif' },
    );
    expect(run.outputs['sarif-file']).toBe(join(repo, 'out/policy.sarif'));
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('location-required');
  });
});

describe('the Action refuses what it cannot trust', () => {
  it('passes no event value to git that is not a commit name', () => {
    const { repo, headSha } = repositoryWithPullRequest();
    const marker = join(repo, 'pwned');
    const payload = pullRequestEvent(headSha, headSha);
    payload.pull_request.base.sha = `--upload-pack=touch ${marker}`;
    const run = runAction(repo, { name: 'pull_request', payload });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(
      /^::error title=policy-checker::the pull_request event has no valid pull_request\.base\.sha/m,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('fails, saying how to fix it, when the base commit cannot be had', () => {
    const { repo, headSha } = repositoryWithPullRequest();
    const run = runAction(repo, {
      name: 'pull_request',
      payload: pullRequestEvent('0'.repeat(40), headSha),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('is not in this clone and could not be fetched from origin');
    expect(run.stdout).toContain('fetch-depth: 0');
  });

  it('fails with exit code 2 and says so when the runner’s files cannot be written', () => {
    const { repo } = repositoryWithPullRequest();
    // A folder where the outputs file should be: the write fails, the step must not pass.
    const run = runAction(
      repo,
      { name: 'push', payload: example('push') },
      {},
      { GITHUB_OUTPUT: repo },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('::error title=policy-checker::internal error');
    expect(run.stderr).toContain('EISDIR');
  });
});
