import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResultsStore } from '../../functions/store/results.js';
import type { StoredResult } from '../../functions/store/stored-result.js';
import { folderWith, runCli } from '../cli/run-cli.js';
import { runProcess } from '../snapshot/support.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';

/**
 * Issue 15, point 6, from the attacker's side: whoever writes a policy file (a pull request, a
 * vendor list copied from a vendor, a snapshot served by someone else) picks the vendor names
 * that `check`, `snapshot`, `verify` and `history` print. A newline followed by `::warning …::`
 * would forge a workflow command in a CI log, and ESC sequences would retitle, clear or
 * rewrite the terminal. Every line printed must be one line of the tool's own, with the
 * hostile characters shown as escapes.
 */

const BIN = new URL('../../dist/functions/cli/bin.js', import.meta.url).pathname;

// Raw controls that must never reach the output (the newline ends the tool's own lines only).
// eslint-disable-next-line no-control-regex -- these are the characters under test
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

const FORGED = '::warning file=README.md,line=1::forged';

/** A Markdown table row, a YAML and a JSON file that declare the schema, a vendor list without it. */
const HOSTILE = {
  'subprocessors.md': `# Subprocessors

| Subprocessor | Purpose | Location |
| --- | --- | --- |
| Evil\u001b]0;pwned\u0007 Corp\u0085${FORGED} | Email | |
| Next\u2028${FORGED}\u001b[2J | Hosting | |
`,
  'vendors.yml': `$schema: https://policy-checker.dev/schemas/policy-file/v1.json
thirdParties:
  - name: "Acme\\n${FORGED}\\e[2J"
    purpose: Email delivery
    location: Germany
    gdprLink: https://acme.example/dpa
`,
  'third-parties.json': `${JSON.stringify(
    {
      $schema: 'https://policy-checker.dev/schemas/policy-file/v1.json',
      thirdParties: [
        {
          name: `Mallory\r\n${FORGED}\u001b[31m`,
          purpose: 'Analytics',
          location: 'Germany',
          gdprLink: 'https://mallory.example/dpa',
        },
      ],
    },
    null,
    2,
  )}\n`,
  'sub-processors.yml': `- name: "Wild\\n${FORGED}"\n  purpose: Support\n`,
};

/** Each printed line: no raw control character, and none starts a workflow command. */
function expectInert(output: string): void {
  expect(output).not.toMatch(RAW);
  for (const line of output.split('\n')) expect(line).not.toMatch(/^\s*::/);
}

describe('check prints hostile vendor names inert', () => {
  const cwd = folderWith(HOSTILE);

  it('text: every name escaped, in Markdown, YAML and JSON alike', () => {
    const run = runCli(['check', '--now', '2026-06-01'], cwd);
    expect(run.code).toBe(1);
    expectInert(run.stdout);
    expectInert(run.stderr);
    expect(run.stdout).toContain(`Evil\\u001b]0;pwned\\u0007 Corp\\u0085${FORGED}`);
    // The Markdown reader reads U+2028 as a space, like any other white space in a cell.
    expect(run.stdout).toContain(`Next ${FORGED}\\u001b[2J`);
    expect(run.stdout).toContain(`Mallory\\r\\n${FORGED}\\u001b[31m`);
    expect(run.stdout).toContain(`Wild\\n${FORGED} has no location`);
  });

  it('github: one command per finding, and no value starts another', () => {
    const run = runCli(['check', '--now', '2026-06-01', '--format', 'github'], cwd);
    const lines = run.stdout.trimEnd().split('\n');
    expect(run.stdout).not.toMatch(RAW);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=[^:]+::/);
    expect(lines.filter((l) => l.includes('forged'))).toHaveLength(lines.length);
  });

  it('a name with a control character is a schema error in a file that declares the schema', () => {
    const run = runCli(['check', 'vendors.yml', 'third-parties.json', '--now', '2026-06-01'], cwd);
    const schema = run.stdout.split('\n').filter((l) => l.endsWith('  schema'));
    expect(schema).toEqual([
      expect.stringMatching(/^vendors\.yml:3:11 .* holds a control character; /),
      expect.stringMatching(/^third-parties\.json:5:15 .* holds a control character; /),
    ]);
  });
});

describe('snapshot and verify print a hostile list inert', () => {
  let root: string;
  beforeAll(() => {
    root = folderWith({ 'repo/subprocessors.md': HOSTILE['subprocessors.md'] });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('snapshot lists the added names escaped, and verify, reading them back, too', async () => {
    const repo = join(root, 'repo');
    const env = { XDG_CONFIG_HOME: join(root, 'config') };
    const snapshot = await runProcess(
      process.execPath,
      [BIN, 'snapshot', '--out', '../site', '--now', '2026-06-01'],
      repo,
      env,
    );
    expect(snapshot.stderr).toBe('');
    expect(snapshot.code).toBe(0);
    expectInert(snapshot.stdout);
    expect(snapshot.stdout).toContain(`+ Evil\\u001b]0;pwned\\u0007 Corp\\u0085${FORGED}`);
    const verify = await runProcess(
      process.execPath,
      [
        BIN,
        'verify',
        '../site/1.json',
        '--key',
        '../site/public-key.pem',
        '--repository',
        'local/repo',
      ],
      repo,
      env,
    );
    expect(verify.code).toBe(0);
    expectInert(verify.stdout);
    expect(verify.stdout).toContain(`+ Evil\\u001b]0;pwned\\u0007 Corp\\u0085${FORGED}`);
  });
});

describe('history prints a hostile stored result inert', () => {
  let engines: LocalEngines;
  let cwd: string;
  let env: Record<string, string>;
  const name = `Evil\u001b[2J\n${FORGED}`;
  const path = `docs/sub\u001b]0;x\u0007processors.md`;

  beforeAll(async () => {
    engines = await startLocalEngines();
    const table = await engines.newTable();
    const store = createResultsStore({
      dynamo: engines.dynamo,
      table,
      s3: engines.s3,
      bucket: engines.bucket,
    });
    const result: StoredResult = {
      repo: 'acme/site',
      sha: 'a'.repeat(40),
      ref: 'refs/heads/main',
      trigger: 'push',
      deliveryId: 'd-1',
      pr: null,
      conclusion: 'failure',
      counts: { errors: 1, warnings: 0, notices: 0 },
      files: [path],
      findings: [
        {
          ruleId: 'location-required',
          severity: 'error',
          message: `${name} has no location; add where its data is hosted or processed`,
          path,
          line: 5,
          column: 1,
          endLine: 5,
          endColumn: 9,
          thirdParty: name,
          docsUrl: 'https://policy-checker.example/docs/rules/location-required.md',
          fingerprint: 'v1:0000000000000000',
          related: [{ path, line: 3, column: 1, message: `${name} first listed here` }],
        },
      ],
      thirdParties: [
        {
          name,
          line: 5,
          endLine: 5,
          purpose: `Email\u0085${FORGED}`,
          location: null,
          countries: [],
          gdprLink: null,
          links: [],
          file: path,
        },
      ],
      configVersion: 'default',
      rulePackVersion: '1.0.0',
      checkRunId: 1,
      timings: {
        startedAt: '2026-05-01T09:00:00.000Z',
        completedAt: '2026-05-01T09:00:01.000Z',
        durationMs: 1000,
      },
    };
    await store.putResult(result);
    cwd = mkdtempSync(join(tmpdir(), 'policy-check-history-'));
    env = {
      RESULTS_TABLE: table,
      SNAPSHOT_BUCKET: engines.bucket,
      POLICY_CHECKER_DATA_DIR: join(cwd, 'data'),
      DYNAMODB_ENDPOINT: engines.dynamoEndpoint,
      S3_ENDPOINT: engines.s3Endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  });
  afterAll(async () => {
    await engines?.close();
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it('--commit: findings, related locations and the third-party list escaped', async () => {
    const run = await runProcess(
      process.execPath,
      [BIN, 'history', 'acme/site', '--commit', 'a'.repeat(40)],
      cwd,
      env,
    );
    expect(run.code).toBe(0);
    expectInert(run.stdout);
    expect(run.stdout).toContain(`Evil\\u001b[2J\\n${FORGED} has no location`);
    expect(run.stdout).toContain(`docs/sub\\u001b]0;x\\u0007processors.md:5:1`);
    expect(run.stdout).toContain(`Email\\u0085${FORGED}`);
  });
});
