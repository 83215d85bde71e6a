import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultsStore } from '../../functions/store/results.js';
import type {
  StoredFinding,
  StoredParty,
  StoredResult,
} from '../../functions/store/stored-result.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import type { CliRun } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../dist/functions/cli/bin.js', import.meta.url));
const DOCS = 'https://github.com/policy-checker/policy-checker/blob/main/docs/rules';

/**
 * The built CLI, run without blocking: the engines it talks to live in this process, so a
 * spawnSync would stop them from answering.
 */
function runCli(args: string[], cwd: string, env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const SUBPROCESSORS = 'docs/subprocessors.md';
const PRIVACY = 'docs/privacy-policy.md';

function finding(overrides: Partial<StoredFinding> & Pick<StoredFinding, 'ruleId'>): StoredFinding {
  return {
    severity: 'error',
    message: '',
    path: SUBPROCESSORS,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 20,
    thirdParty: null,
    docsUrl: `${DOCS}/${overrides.ruleId}.md`,
    fingerprint: `v1:${overrides.ruleId}:${overrides.line ?? 1}`,
    related: [],
    ...overrides,
  };
}

function party(
  name: string,
  line: number,
  purpose: string | null,
  location: string | null,
): StoredParty {
  return {
    name,
    line,
    endLine: line,
    purpose,
    location,
    countries: location === 'Germany' ? ['DE'] : location === 'United States' ? ['US'] : [],
    gdprLink: `https://${name.toLowerCase().replace(/\W+/g, '')}.example/dpa`,
    links: [{ text: 'DPA', url: `https://${name.toLowerCase().replace(/\W+/g, '')}.example/dpa` }],
    file: SUBPROCESSORS,
  };
}

const sha = (digit: string): string => digit.repeat(40);

function stored(
  overrides: Partial<StoredResult> & Pick<StoredResult, 'sha'> & { completedAt: string },
): StoredResult {
  const { completedAt, ...rest } = overrides;
  const started = new Date(Date.parse(completedAt) - 2300).toISOString();
  return {
    repo: 'acme/site',
    ref: 'refs/heads/main',
    trigger: 'push',
    deliveryId: `delivery-${overrides.sha.slice(0, 8)}`,
    pr: null,
    conclusion: 'success',
    counts: { errors: 0, warnings: 0, notices: 0 },
    files: [SUBPROCESSORS, PRIVACY],
    findings: [],
    thirdParties: [
      party('Mailgun Technologies, Inc.', 5, 'Email delivery', 'United States'),
      party('Hetzner Online GmbH', 6, 'Hosting', 'Germany'),
    ],
    configVersion: 'default',
    rulePackVersion: '1.4.0',
    checkRunId: 9001,
    timings: { startedAt: started, completedAt, durationMs: 2300 },
    ...rest,
  };
}

const OLDEST = stored({ sha: sha('a'), completedAt: '2026-05-01T09:00:00.000Z' });
const MIDDLE = stored({
  sha: sha('b'),
  completedAt: '2026-05-02T10:30:00.000Z',
  trigger: 'pull_request',
  pr: { number: 42, baseSha: sha('a') },
  conclusion: 'failure',
  counts: { errors: 2, warnings: 1, notices: 0 },
  findings: [
    finding({
      ruleId: 'location-required',
      message: 'Acme Analytics has no location: say where it processes data',
      line: 7,
      column: 3,
      thirdParty: 'Acme Analytics',
    }),
    finding({
      ruleId: 'purpose-required',
      message: 'Acme Analytics has no purpose: say what it does with the data',
      line: 7,
      column: 3,
      thirdParty: 'Acme Analytics',
    }),
    finding({
      ruleId: 'stale-todo',
      severity: 'warning',
      message: 'TODO is older than 90 days: resolve it or give it a due date',
      path: PRIVACY,
      line: 12,
      column: 1,
    }),
  ],
  thirdParties: [
    party('Mailgun Technologies, Inc.', 5, 'Email delivery', 'United States'),
    party('Hetzner Online GmbH', 6, 'Hosting', 'Germany'),
    party('Acme Analytics', 7, null, null),
  ],
});
const NEWEST = stored({
  sha: sha('c'),
  completedAt: '2026-05-03T14:45:00.000Z',
  counts: { errors: 0, warnings: 0, notices: 1 },
  conclusion: 'neutral',
  findings: [
    finding({
      ruleId: 'markdown-recovered',
      severity: 'notice',
      message: 'a table row had a missing cell; read it as empty',
      line: 6,
    }),
  ],
});
const OTHER_REPO = stored({
  repo: 'acme/api',
  sha: sha('d'),
  completedAt: '2026-04-20T08:15:00.000Z',
  files: ['SUBPROCESSORS.yml'],
  thirdParties: [],
});

let engines: LocalEngines;
let env: Record<string, string>;
let cwd: string;

beforeAll(async () => {
  engines = await startLocalEngines();
  const table = await engines.newTable();
  const store = createResultsStore({
    dynamo: engines.dynamo,
    table,
    s3: engines.s3,
    bucket: engines.bucket,
  });
  // Written out of order: the store, not the order of writes, must give newest first.
  for (const result of [MIDDLE, OTHER_REPO, NEWEST, OLDEST]) await store.putResult(result);
  cwd = mkdtempSync(join(tmpdir(), 'policy-check-history-'));
  env = {
    RESULTS_TABLE: table,
    SNAPSHOT_BUCKET: engines.bucket,
    POLICY_CHECKER_DATA_DIR: join(cwd, 'data'),
    // Never reach for a real AWS from a test.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
});

afterAll(async () => {
  await engines?.close();
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

const withEndpoints = (): Record<string, string> => ({
  ...env,
  DYNAMODB_ENDPOINT: engines.dynamoEndpoint,
  S3_ENDPOINT: engines.s3Endpoint,
});

/** The short shas of the rows of a text listing, in order. */
const listedShas = (stdout: string): string[] =>
  [...stdout.matchAll(/^\S*\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+([0-9a-f]{7})\s/gm)].map(
    (m) => m[1]!,
  );

describe('policy-check history', () => {
  it('lists a branch newest first with date, sha, conclusion, counts, trigger and PR', async () => {
    const run = await runCli(['history', 'acme/site'], cwd, withEndpoints());
    expect(run.stderr).not.toContain('policy-check:');
    expect(run.code).toBe(0);
    expect(listedShas(run.stdout)).toEqual(['ccccccc', 'bbbbbbb', 'aaaaaaa']);
    const lines = run.stdout.split('\n');
    expect(lines.find((l) => l.includes('bbbbbbb'))).toMatch(
      /^2026-05-02 10:30\s+bbbbbbb\s+failure\s+2\s+1\s+0\s+pull_request\s+#42$/,
    );
    expect(lines.find((l) => l.includes('ccccccc'))).toMatch(
      /^2026-05-03 14:45\s+ccccccc\s+neutral\s+0\s+0\s+1\s+push$/,
    );
    expect(run.stdout).toContain('DATE (UTC)');
    // The summaries carry no third-party count, so there is no such column.
    expect(run.stdout).not.toContain('THIRD PARTIES');
    expect(run.stdout).not.toContain('dddddd');
    expect(run.stdout).not.toContain('--cursor');
  });

  it('pages with --limit and the printed --cursor command', async () => {
    const first = await runCli(['history', 'acme/site', '--limit', '2'], cwd, withEndpoints());
    expect(first.code).toBe(0);
    expect(listedShas(first.stdout)).toEqual(['ccccccc', 'bbbbbbb']);
    const more = /^More: (policy-check history .*)$/m.exec(first.stdout);
    expect(more?.[1]).toMatch(/^policy-check history acme\/site --limit 2 --cursor [\w-]+$/);
    const args = more![1]!.split(' ').slice(1);
    const second = await runCli(args, cwd, withEndpoints());
    expect(second.code).toBe(0);
    expect(listedShas(second.stdout)).toEqual(['aaaaaaa']);
    // The last page ends the listing: no cursor to a page with nothing on it.
    expect(second.stdout).not.toContain('--cursor');
    const exact = await runCli(['history', 'acme/site', '--limit', '3'], cwd, withEndpoints());
    expect(listedShas(exact.stdout)).toHaveLength(3);
    expect(exact.stdout).not.toContain('--cursor');
    const bad = await runCli(
      ['history', 'acme/api', '--cursor', args.at(-1)!],
      cwd,
      withEndpoints(),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--cursor: invalid cursor/);
  });

  it('--commit shows one result in full: findings by file, third parties', async () => {
    const run = await runCli(['history', 'acme/site', '--commit', sha('b')], cwd, withEndpoints());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`acme/site ${sha('b')} (main)`);
    expect(run.stdout).toMatch(/Checked 2026-05-02 10:30 UTC on pull_request, pull request #42/);
    expect(run.stdout).toMatch(
      /docs\/subprocessors\.md:7:3\s+error\s+Acme Analytics has no location.*location-required/,
    );
    expect(run.stdout).toMatch(
      /docs\/privacy-policy\.md:12:1\s+warning\s+TODO is older.*stale-todo/,
    );
    expect(run.stdout).toMatch(
      /3 problems \(2 errors, 1 warning, 0 notices\) in 2 files, 3 third parties/,
    );
    expect(run.stdout).toContain('Third parties (3):');
    expect(run.stdout).toMatch(/^ {4}Acme Analytics: no purpose; no location \(line 7\)$/m);
    expect(run.stdout).toMatch(/^ {4}Hetzner Online GmbH: Hosting; Germany \(line \d+\)$/m);
    // A unique prefix, as the listing prints it, finds the same result.
    const short = await runCli(
      ['history', 'acme/site', '--commit', 'bbbbbbb'],
      cwd,
      withEndpoints(),
    );
    expect(short.stdout).toBe(run.stdout);
  });

  it('--commit of a commit with no stored result exits 1', async () => {
    const run = await runCli(['history', 'acme/site', '--commit', sha('e')], cwd, withEndpoints());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`no stored result for acme/site@${sha('e')}`);
    expect(run.stdout).toBe('');
  });

  it('--format json prints the items and the cursor', async () => {
    const run = await runCli(
      ['history', 'acme/site', '--limit', '1', '--format', 'json'],
      cwd,
      withEndpoints(),
    );
    expect(run.code).toBe(0);
    const page = JSON.parse(run.stdout) as {
      items: { sha: string; counts: object; pr: object | null }[];
      cursor: string | null;
    };
    expect(page.items.map((i) => i.sha)).toEqual([sha('c')]);
    expect(page.items[0]!.counts).toEqual({ errors: 0, warnings: 0, notices: 1 });
    expect(page.cursor).toMatch(/^[\w-]+$/);
    const one = await runCli(
      ['history', 'acme/site', '--commit', sha('b'), '--format', 'json'],
      cwd,
      withEndpoints(),
    );
    expect(JSON.parse(one.stdout)).toEqual(MIDDLE);
  });

  it('without a repository lists the latest result of every repository', async () => {
    const run = await runCli(['history'], cwd, withEndpoints());
    expect(run.code).toBe(0);
    const rows = run.stdout.split('\n').filter((l) => /^acme\//.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^acme\/api\s+main\s+2026-04-20 08:15\s+ddddddd\s+success\s/);
    expect(rows[1]).toMatch(/^acme\/site\s+main\s+2026-05-03 14:45\s+ccccccc\s+neutral\s/);
  });

  it('rejects a malformed repository with exit 2', async () => {
    const run = await runCli(['history', 'acme'], cwd, withEndpoints());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"acme" is not a repository.*write it as owner\/repo/);
  });

  it('finds a running local server through engines.json', async () => {
    const dataDir = mkdtempSync(join(cwd, 'server-'));
    writeFileSync(
      join(dataDir, 'engines.json'),
      JSON.stringify({
        dynamodbEndpoint: engines.dynamoEndpoint,
        s3Endpoint: engines.s3Endpoint,
        pid: process.pid,
      }),
    );
    const run = await runCli(['history', 'acme/site'], cwd, {
      ...env,
      POLICY_CHECKER_DATA_DIR: dataDir,
    });
    expect(run.code).toBe(0);
    expect(listedShas(run.stdout)).toEqual(['ccccccc', 'bbbbbbb', 'aaaaaaa']);
    // A relative data dir is read from the working folder, as the server writes it there.
    const relative = await runCli(['history', 'acme/site', '--commit', sha('a')], cwd, {
      ...env,
      POLICY_CHECKER_DATA_DIR: dataDir.slice(cwd.length + 1),
    });
    expect(relative.code).toBe(0);
    expect(relative.stdout).toContain(`acme/site ${sha('a')}`);
  });

  it('ignores engines.json whose server is gone', async () => {
    const dataDir = mkdtempSync(join(cwd, 'dead-'));
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(
      join(dataDir, 'engines.json'),
      JSON.stringify({
        dynamodbEndpoint: engines.dynamoEndpoint,
        s3Endpoint: engines.s3Endpoint,
        pid: gone,
      }),
    );
    // No region and no credentials here: AWS is tried and refused without a network call.
    const run = await runCli(['history', 'acme/site'], cwd, {
      ...env,
      POLICY_CHECKER_DATA_DIR: dataDir,
    });
    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no local server is running/);
    expect(run.stderr).toMatch(/npm start -- --serve/);
  });

  it('exits 2 with what to do when nothing answers', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const run = await runCli(['history', 'acme/site'], cwd, {
      ...env,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`cannot reach DynamoDB at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED`),
    );
    expect(run.stderr).toContain('start the local server (npm start -- --serve)');
    expect(run.stderr).toContain('set DYNAMODB_ENDPOINT');
    expect(run.stderr).not.toContain('internal error');
  });
});
