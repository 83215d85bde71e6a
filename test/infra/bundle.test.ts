import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `cdk synth` as an operator runs it (the CLI, cdk.json, no AWS account, no network), once for
 * this file, into a temporary folder outside the repository: the bundles are then run in node
 * from there, where loadRulePack's upward search can only find the `policies/` they carry.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FUNCTIONS = ['Webhook', 'Check', 'DeadLetter', 'Publish'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

let out: string;
let synth: { status: number | null; stdout: string; stderr: string; ms: number };
const assets = new Map<FunctionName, string>();

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'policy-checker-synth-'));
  const started = Date.now();
  const cdk = join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk');
  const result = spawnSync(process.execPath, [cdk, 'synth', '--quiet', '--output', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_DISABLE_VERSION_CHECK: '1',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      // aws-cdk-lib's own template validation (~8 s) already runs in stack.test.ts; cdk-nag,
      // a registered plugin, still runs here.
      CDK_VALIDATION: 'false',
    },
  });
  synth = { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: 0 };
  synth.ms = Date.now() - started;
  if (result.status !== 0) return;
  const template = JSON.parse(readFileSync(join(out, 'PolicyChecker.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string> }>;
  };
  for (const [id, resource] of Object.entries(template.Resources)) {
    const name = FUNCTIONS.find((f) => id.startsWith(`${f}Function`));
    if (name && resource.Type === 'AWS::Lambda::Function')
      assets.set(name, join(out, resource.Metadata!['aws:asset:path']!));
  }
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Imports a bundle in a fresh node and calls its handler with `event`; stdout is its log. */
function invoke(name: FunctionName, event: unknown, env: Record<string, string> = {}) {
  const probe = [
    `const { handler } = await import(${JSON.stringify(join(assets.get(name)!, 'index.mjs'))});`,
    `const result = await handler(${JSON.stringify(event)}, { getRemainingTimeInMillis: () => 60000 });`,
    `process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n');`,
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    cwd: out,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      NODE_NO_WARNINGS: '1',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_MAX_ATTEMPTS: '1',
      ...env,
    },
  });
  const lines = run.stdout.split('\n').filter(Boolean);
  const result = lines.find((l) => l.startsWith('RESULT '));
  return {
    status: run.status,
    stderr: run.stderr,
    result: result ? (JSON.parse(result.slice('RESULT '.length)) as unknown) : undefined,
    logs: lines
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const APP = {
  GITHUB_APP_ID: '1',
  GITHUB_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----',
};

describe('cdk synth (the CLI, offline)', () => {
  it('succeeds with cdk-nag reporting nothing unacknowledged', () => {
    expect(synth.status, synth.stderr).toBe(0);
    expect(synth.stderr).not.toMatch(/AwsSolutions|Synthesis finished with errors|\bERROR\b/);
    expect(existsSync(join(out, 'PolicyChecker.template.json'))).toBe(true);
    expect([...assets.keys()].sort()).toEqual([...FUNCTIONS].sort());
    console.info(`cdk synth took ${(synth.ms / 1000).toFixed(1)} s`);
  });

  it('bundles each function as one minified ESM file within its size budget', () => {
    const budgetsKb: Record<FunctionName, number> = {
      Webhook: 700, // the same budget as bench/webhook-bundle.mjs
      Check: 3000,
      DeadLetter: 3000,
      Publish: 3000,
    };
    const sizes = FUNCTIONS.map((name) => {
      const kb = statSync(join(assets.get(name)!, 'index.mjs')).size / 1024;
      expect(kb, name).toBeLessThan(budgetsKb[name]);
      return `${name} ${kb.toFixed(0)} KB`;
    });
    console.info(`bundles (index.mjs): ${sizes.join(', ')}`);
  });

  it('ships policies/ (no examples) and the version beside the check and publish bundles only', () => {
    const rules = readdirSync(join(ROOT, 'policies', 'rules')).sort();
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const name of ['Check', 'Publish'] as const) {
      const dir = assets.get(name)!;
      expect(readdirSync(join(dir, 'policies', 'rules')).sort()).toEqual(rules);
      expect(existsSync(join(dir, 'policies', 'vendor-aliases.yaml'))).toBe(true);
      expect(existsSync(join(dir, 'policies', 'examples'))).toBe(false);
      expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({
        version,
      });
    }
    for (const name of ['Webhook', 'DeadLetter'] as const)
      expect(existsSync(join(assets.get(name)!, 'policies'))).toBe(false);
  });
});

describe('the built bundles, run in node', () => {
  it('check: loads the rule pack it carries and answers an empty batch', () => {
    const run = invoke('Check', { Records: [] }, APP);
    expect(run.stderr).toBe('');
    expect(run.result).toEqual({ batchItemFailures: [] });
  });

  it('publish: loads its rule pack, then logs the failure with the delivery, repo and commit', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'policy-checker-publish-'));
    const body = {
      repo: 'acme/site',
      repoId: 7,
      sha: 'a'.repeat(40),
      headSha: 'a'.repeat(40),
      deliveryId: 'd-1',
    };
    const run = invoke(
      'Publish',
      { Records: [{ messageId: 'm-1', receiptHandle: 'r', body: JSON.stringify(body) }] },
      // Nothing listens there: the first DynamoDB call fails, after the rule pack was read.
      { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', POLICY_CHECKER_DATA_DIR: dataDir },
    );
    rmSync(dataDir, { recursive: true, force: true });
    expect(run.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(run.logs).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: 'publish failed',
        messageId: 'm-1',
        deliveryId: 'd-1',
        repo: 'acme/site',
        sha: 'a'.repeat(40),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      }),
    ]);
    expect(String(run.logs[0]!.error)).toMatch(/ECONNREFUSED/); // not "policies/rules not found"
  });

  it('webhook and dead-letter: load without a dynamic require and answer', () => {
    const webhook = invoke('Webhook', { requestContext: { http: { method: 'GET' } } });
    expect(webhook.stderr).toBe('');
    expect(webhook.result).toMatchObject({ statusCode: 405 });
    const deadLetter = invoke('DeadLetter', { Records: [] }, APP);
    expect(deadLetter.stderr).toBe('');
    expect(deadLetter.result).toEqual({ batchItemFailures: [] });
  });
});
