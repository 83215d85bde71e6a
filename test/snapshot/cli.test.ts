import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../functions/snapshot/snapshot.js';
import { folderWith } from '../cli/run-cli.js';
import { editedYaml, EXAMPLES, flipByte, opensslVerifies, runCliAsync } from './support.js';

let root: string;
let keyId: string;
/** `--repository local/<folder>`: the CLI names a repository without a GitHub remote so. */
let repository: string[];

const out = (file: string): string => join(root, 'out', file);

/** A copy of the out folder with one file's bytes changed. */
function tampered(file: string, change: (bytes: Buffer) => Buffer): string {
  const dir = join(root, `tampered-${file}-${Math.random().toString(36).slice(2, 8)}`);
  mkdirSync(dir);
  for (const f of ['1.json', '1.json.sig', '2.json', '2.json.sig', 'public-key.pem', 'keys.json'])
    copyFileSync(out(f), join(dir, f));
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file))));
  return dir;
}

beforeAll(async () => {
  root = folderWith({
    'docs/subprocessors.md': EXAMPLES[0]!.text,
    'docs/subprocessors.yml': EXAMPLES[1]!.text,
  });
  const first = await runCliAsync(
    ['snapshot', 'docs', '--out', 'out', '--key', 'keys/signing.pem'],
    root,
  );
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  writeFileSync(join(root, 'docs/subprocessors.yml'), editedYaml().text);
  const second = await runCliAsync(
    ['snapshot', 'docs', '--out', 'out', '--key', 'keys/signing.pem'],
    root,
  );
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/^Snapshot 2 of local\//);
  const snapshot = JSON.parse(readFileSync(out('2.json'), 'utf8')) as Snapshot;
  keyId = snapshot.keyId;
  repository = ['--repository', snapshot.repository];
});

describe('policy-check snapshot', () => {
  it('writes the chain in the S3 layout, with a key created mode 0600', () => {
    expect(statSync(join(root, 'keys/signing.pem')).mode & 0o777).toBe(0o600);
    for (const f of ['1.json', '1.json.sig', '2.json', '2.json.sig', 'latest.json', 'index.json'])
      expect(statSync(out(f)).size).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(out('latest.json'), 'utf8'))).toMatchObject({
      sequence: 2,
      url: '2.json',
    });
    expect(readFileSync(out('feed.atom'), 'utf8')).toContain('1 added (Intercom)');
  });

  it('signs so that openssl dgst -sha256 -verify accepts the exact bytes', async () => {
    expect(await opensslVerifies(out('public-key.pem'), out('2.json.sig'), out('2.json'))).toBe(
      true,
    );
  });
});

describe('policy-check verify', () => {
  it('holds with a pinned key file, checks the chain and prints what changed', async () => {
    const run = await runCliAsync(
      ['verify', 'out/2.json', '--key', 'out/public-key.pem', ...repository],
      root,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS signature');
    expect(run.stdout).toContain('PASS canonical');
    expect(run.stdout).toContain('PASS chain: follows snapshot 1');
    expect(run.stdout).toContain('+ Intercom (docs/subprocessors.yml): In-app chat with customers');
    expect(run.stdout).toContain('- Mailgun');
    expect(run.stdout).toContain('~ Sentry: location "Germany" → "United States"');
    expect(run.stdout).toMatch(/Verified\.\n$/);
  });

  it('holds with a fingerprint given on the command line or in the config', async () => {
    const byFingerprint = await runCliAsync(
      ['verify', 'out/2.json', '--fingerprint', keyId, ...repository],
      root,
    );
    expect(byFingerprint.code).toBe(0);
    writeFileSync(join(root, 'trust.yml'), `snapshot:\n  keyFingerprint: ${keyId}\n`);
    const byConfig = await runCliAsync(
      ['verify', 'out/2.json', '--config', 'trust.yml', ...repository],
      root,
    );
    expect(byConfig.stdout).toContain(`PASS key: signed by pinned key ${keyId}`);
    expect(byConfig.code).toBe(0);
  });

  it('refuses to trust the key beside the snapshot when none is pinned', async () => {
    const run = await runCliAsync(['verify', 'out/2.json', ...repository], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('verify needs a key you trust');
  });

  it('fails for a key that is not the pinned one', async () => {
    const other = `sha256:${'0'.repeat(64)}`;
    const run = await runCliAsync(
      ['verify', 'out/2.json', '--fingerprint', other, ...repository],
      root,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL key');
  });

  it.each([
    ['one byte of the snapshot', '2.json', (b: Buffer) => flipByte(b, 300)],
    ['one byte of the signature', '2.json.sig', (b: Buffer) => flipByte(b, -3)],
    [
      'one byte of the previous hash',
      '2.json',
      (b: Buffer) => flipByte(b, b.indexOf('"previousSha256":"') + 20),
    ],
  ])('fails, and so does openssl, when %s changes', async (_, file, change) => {
    const dir = tampered(file, change);
    const run = await runCliAsync(
      ['verify', join(dir, '2.json'), '--key', 'out/public-key.pem', ...repository],
      root,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL signature');
    expect(run.stdout).toContain('NOT verified');
    expect(
      await opensslVerifies(out('public-key.pem'), join(dir, '2.json.sig'), join(dir, '2.json')),
    ).toBe(false);
  });

  it('fails the chain when the previous snapshot was changed', async () => {
    const dir = tampered('1.json', (b) => flipByte(b, 100));
    const run = await runCliAsync(
      [
        'verify',
        'out/2.json',
        '--key',
        'out/public-key.pem',
        '--previous',
        join(dir, '1.json'),
        ...repository,
      ],
      root,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('FAIL chain');
  });

  it('verifies a snapshot by URL, fetching its signature, keys and previous snapshot beside it', async () => {
    const folder = `/snapshots/${repository[1]}/`;
    const server = createServer((request, response) => {
      try {
        if (!request.url!.startsWith(folder)) throw new Error('not served');
        const body = readFileSync(out(decodeURIComponent(request.url!.slice(folder.length))));
        response.writeHead(200).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // The repository comes from the URL's /snapshots/<owner>/<repo>/ part.
      const url = `http://127.0.0.1:${port}${folder}2.json`;
      const run = await runCliAsync(['verify', url, '--fingerprint', keyId], root);
      expect(run.stdout).toContain('PASS chain: follows snapshot 1');
      expect(run.code).toBe(0);
      const missing = await runCliAsync(
        ['verify', `http://127.0.0.1:${port}${folder}9.json`, '--fingerprint', keyId],
        root,
      );
      expect(missing.code).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
