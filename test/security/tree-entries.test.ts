import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultConfig,
  selectPolicyPaths,
  unsafePathReason,
} from '../../functions/engine/index.js';
import { createInstallationClient, type GitHubClient } from '../../functions/github/octokit.js';
import { readCommit, type CommitFiles } from '../../functions/github/read-commit.js';
import {
  fakeSha,
  startFakeGitHub,
  type FakeGitHub,
} from '../../functions/local/github-stand-in/index.js';

/**
 * Security property 2 (issue 9): a commit's tree may list symbolic links (mode 120000, loops
 * included), submodules (mode 160000), and, in a damaged or forged answer, absolute paths and
 * `..` parts. None of them is read as a policy file: links and submodules are never followed,
 * unsafe paths are skipped with a notice and never reach a GraphQL expression or a report.
 *
 * The GitHub stand-in builds trees from a path → content map: it can hold a `..` folder (so the
 * first test uses its own tree), but not a link, a submodule or an absolute path. For those the
 * second test has the stand-in answer the tree request with a listing built here (its
 * `failNext` answer injection, with GitHub's tree shape), while everything else, GraphQL blob
 * reads included, is the stand-in's own.
 */

const APP_ID = 4343;
const INSTALLATION_ID = 91;
const OWNER = 'acme';

const POLICY = `# Subprocessors

## Mailgun

- Purpose: transactional email
- Location: United States
- GDPR: https://www.mailgun.com/legal/dpa/
`;

let github: FakeGitHub;
let octokit: GitHubClient;

beforeAll(async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  github = await startFakeGitHub({
    appId: APP_ID,
    appPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    installationIds: [INSTALLATION_ID],
  });
  octokit = createInstallationClient({
    baseUrl: github.url,
    credentials: {
      appId: String(APP_ID),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    },
    installationId: INSTALLATION_ID,
    deadline: () => Date.now() + 60_000,
    secondMs: 1,
  });
});
afterAll(() => github.close());

/** Everything the reader asked GitHub for by path: GraphQL variables and REST paths. */
function askedFor(): string[] {
  return github.requests.flatMap((request) => {
    const variables = (request.body as { variables?: Record<string, unknown> } | undefined)
      ?.variables;
    return [request.path, ...Object.values(variables ?? {}).map(String)];
  });
}

async function read(name: string, sha: string): Promise<CommitFiles> {
  github.clearRecords();
  return readCommit(octokit, { owner: OWNER, name, sha, baseSha: null, now: new Date() });
}

const paths = (files: CommitFiles): string[] => files.inputs.map((input) => input.path);
const readable = (files: CommitFiles): string[] =>
  files.inputs.flatMap((input) => ('text' in input ? [input.path] : []));

describe('a tree with `..` folders, as the stand-in holds them', () => {
  const sha = fakeSha('dot-dot');

  beforeAll(() => {
    github.addRepository({
      owner: OWNER,
      name: 'dot-dot',
      id: 501,
      commits: [
        {
          sha,
          files: {
            'subprocessors.md': POLICY,
            '../privacy.md': POLICY,
            'docs/../vendors.md': POLICY,
            // The config names them literally: a glob that matches is still not enough.
            '.policy-checker.yml':
              'files:\n  - "**/*.md"\n  - "../privacy.md"\n  - "docs/../vendors.md"\n',
          },
        },
      ],
    });
  });

  it('reads the safe file, skips each `..` path with a notice, and never asks for it', async () => {
    const files = await read('dot-dot', sha);
    expect(paths(files)).toEqual(['subprocessors.md']);
    expect(files.skipped).toEqual([
      { path: '../privacy.md', reason: 'the path has a "." or ".." part; it is not read' },
      { path: 'docs/../vendors.md', reason: 'the path has a "." or ".." part; it is not read' },
    ]);
    expect(askedFor().filter((p) => p.includes('..'))).toEqual([]);
    github.assertNoViolations();
  });
});

describe('links, link loops, submodules and absolute paths in a tree GitHub answers', () => {
  const sha = fakeSha('links');
  const blobSha = (n: number) => fakeSha(`blob-${n}`);

  beforeAll(() => {
    // What git stores for a link is its target path as the blob's content: the stand-in holds
    // those texts as files, so a reader that read a link would get them back.
    github.addRepository({
      owner: OWNER,
      name: 'links',
      id: 502,
      commits: [
        {
          sha,
          files: {
            'subprocessors.md': POLICY,
            'vendors.md': 'subprocessors.md',
            'a/privacy.md': '../b/privacy.md',
            'b/privacy.md': '../a/privacy.md',
            'etc/third-party.md': '/etc/passwd',
            '.policy-checker.yml': '../../outside/config.yml',
          },
        },
      ],
    });
  });

  /** The stand-in's own listing, with the modes of links and submodules set as GitHub sets them. */
  async function forgedTree(): Promise<unknown> {
    const { data } = await octokit.rest.git.getTree({
      owner: OWNER,
      repo: 'links',
      tree_sha: sha,
      recursive: 'true',
    });
    const links = new Set([
      'vendors.md',
      'a/privacy.md',
      'b/privacy.md',
      'etc/third-party.md',
      '.policy-checker.yml',
    ]);
    const tree = data.tree.map((entry) =>
      links.has(entry.path!) ? { ...entry, mode: '120000' } : entry,
    );
    const entry = (path: string, mode: string, type: string, n: number) => ({
      path,
      mode,
      type,
      sha: blobSha(n),
      ...(type === 'blob' ? { size: 10 } : {}),
      url: `${github.url}/repos/${OWNER}/links/git/blobs/${blobSha(n)}`,
    });
    tree.push(
      // A submodule whose name the default globs select, and one a folder of policies would be.
      entry('third-party-vendors.md', '160000', 'commit', 1) as (typeof tree)[number],
      entry('privacy', '160000', 'commit', 2) as (typeof tree)[number],
      // Paths git never writes: absolute, `..` parts, an empty part, control characters.
      entry('/privacy.md', '100644', 'blob', 3) as (typeof tree)[number],
      entry('/etc/privacy.md', '100644', 'blob', 4) as (typeof tree)[number],
      entry('x/../../privacy.md', '100644', 'blob', 5) as (typeof tree)[number],
      entry('x//privacy.md', '100644', 'blob', 6) as (typeof tree)[number],
      entry('x/\u0000privacy.md', '100644', 'blob', 7) as (typeof tree)[number],
      entry('./privacy.md', '100644', 'blob', 8) as (typeof tree)[number],
    );
    return { ...data, tree };
  }

  it('reads only the regular file; links, loops and submodules are skipped with a notice', async () => {
    github.failNext({ operationId: 'git/get-tree' }, { status: 200, body: await forgedTree() });
    const files = await read('links', sha);
    expect(readable(files)).toEqual(['subprocessors.md']);
    // The links and the submodule the default globs select are reported as not checked.
    expect(
      files.inputs.flatMap((i) => ('error' in i ? [`${i.path}: ${i.error.ruleId}`] : [])),
    ).toEqual([
      'a/privacy.md: file-unreadable',
      'b/privacy.md: file-unreadable',
      'etc/third-party.md: file-unreadable',
      'third-party-vendors.md: file-unreadable',
      'vendors.md: file-unreadable',
    ]);
    // The link named like the config file is not read as the config: the defaults apply.
    expect(files.configText).toBeNull();
    expect(files.config.path).toBeNull();
    const link = expect.stringMatching(/^is a symbolic link: links are never followed/);
    const unsafe = (reason: string) => `${reason}; it is not read`;
    expect(files.skipped).toEqual([
      { path: '/privacy.md', reason: unsafe('the path is absolute') },
      { path: '/etc/privacy.md', reason: unsafe('the path is absolute') },
      { path: 'x/../../privacy.md', reason: unsafe('the path has a "." or ".." part') },
      {
        path: 'x//privacy.md',
        reason: unsafe('the path has an empty part ("//" or a final "/")'),
      },
      { path: 'x/\\u0000privacy.md', reason: unsafe('the path has a control character') },
      { path: './privacy.md', reason: unsafe('the path has a "." or ".." part') },
      { path: '.policy-checker.yml', reason: link },
      { path: 'a/privacy.md', reason: link },
      { path: 'b/privacy.md', reason: link },
      { path: 'etc/third-party.md', reason: link },
      {
        path: 'third-party-vendors.md',
        reason: 'is a submodule: its files belong to another repository and are not read',
      },
      { path: 'vendors.md', reason: link },
    ]);
    // Nothing was asked for any of them: no blob, no GraphQL expression, no blame.
    const values = askedFor();
    for (const skipped of files.skipped) expect(values).not.toContain(skipped.path);
    const asked = values.join('\n');
    for (const path of [
      'vendors.md',
      'a/privacy.md',
      'b/privacy.md',
      'third-party',
      'privacy.md',
      '.policy-checker.yml',
    ])
      expect(asked).not.toContain(`:${path}`);
    expect(github.requests.filter((r) => r.operationId === 'git/get-blob')).toEqual([]);
  });

  it('a submodule folder the default globs would not select is skipped silently', async () => {
    github.failNext({ operationId: 'git/get-tree' }, { status: 200, body: await forgedTree() });
    const files = await read('links', sha);
    expect(files.skipped.map((s) => s.path)).not.toContain('privacy');
  });
});

describe('selectPolicyPaths never selects an unsafe path, whatever the globs', () => {
  it.each([
    ['', 'the path is empty'],
    ['/privacy.md', 'the path is absolute'],
    ['../privacy.md', 'the path has a "." or ".." part'],
    ['docs/../privacy.md', 'the path has a "." or ".." part'],
    ['./privacy.md', 'the path has a "." or ".." part'],
    ['docs//privacy.md', 'the path has an empty part ("//" or a final "/")'],
    ['docs/', 'the path has an empty part ("//" or a final "/")'],
    ['docs/\nprivacy.md', 'the path has a control character'],
    ['docs/\u0000privacy.md', 'the path has a control character'],
    ['docs/privacy.md', null],
    ['..privacy.md', null],
    ['docs/.well-known/privacy.md', null],
  ])('%j: %s', (path, reason) => {
    expect(unsafePathReason(path)).toBe(reason);
  });

  const segment = fc.oneof(
    fc.constantFrom('..', '.', '', 'docs', 'privacy.md', 'vendors.yml', '\u0000', '\n', 'a b'),
    fc.string({ maxLength: 6 }),
  );
  const path = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/')),
    fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
  );

  it('over generated paths and globs, including literal and match-all ones', () => {
    fc.assert(
      fc.property(
        fc.array(path, { maxLength: 12 }),
        // picomatch refuses an empty glob (the config schema does too).
        fc.array(
          fc.oneof(path, fc.constantFrom('**', '**/*', '/**', '**/*.md')).filter((g) => g !== ''),
          { minLength: 1, maxLength: 4 },
        ),
        (listed, files) => {
          for (const config of [defaultConfig(), { files, ignore: [] }]) {
            const selected = selectPolicyPaths(listed, config);
            for (const chosen of selected) expect(unsafePathReason(chosen)).toBeNull();
            // A safe path the globs match is still selected: the filter takes only unsafe ones.
            const safe = listed.filter((p) => unsafePathReason(p) === null);
            expect(selected).toEqual(selectPolicyPaths(safe, config));
          }
        },
      ),
      { seed: 9_002, numRuns: 500 },
    );
  });
});
