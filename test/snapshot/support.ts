import { spawn } from 'node:child_process';
import {
  createECDH,
  createHash,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { KMSClient } from '@aws-sdk/client-kms';
import type { CheckInput, Report, SourceFile } from '../../functions/engine/index.js';
import type { StoredResult } from '../../functions/store/stored-result.js';
import { check, NOW } from '../helpers.js';

export const EXAMPLES = ['subprocessors.md', 'subprocessors.yml'].map((name) => ({
  path: `policies/examples/${name}`,
  text: readFileSync(new URL(`../../policies/examples/${name}`, import.meta.url), 'utf8'),
}));

/** A 40-digit commit sha from a small number. */
export const sha = (n: number): string => n.toString(16).padStart(40, 'a');

/** A stored result as the check function would store it, from a real check of these inputs. */
export function storedResult(
  inputs: CheckInput[],
  commit: string,
  repo = 'northwind/privacy',
): StoredResult {
  const report: Report = check(inputs);
  const at = `${NOW}T12:00:00.000Z`;
  return {
    repo,
    sha: commit,
    ref: 'refs/heads/main',
    trigger: 'push',
    deliveryId: `delivery-${commit.slice(0, 8)}`,
    pr: null,
    conclusion: report.summary.errors > 0 ? 'failure' : 'success',
    counts: {
      errors: report.summary.errors,
      warnings: report.summary.warnings,
      notices: report.summary.notices,
    },
    files: report.files.map((f) => f.path),
    findings: report.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path }))),
    thirdParties: report.files.flatMap((f) => f.thirdParties.map((p) => ({ ...p, file: f.path }))),
    configVersion: 'default',
    rulePackVersion: '0.1.0',
    checkRunId: null,
    timings: { startedAt: at, completedAt: at, durationMs: 1 },
  };
}

/** The YAML example with Mailgun removed, Intercom added and Sentry moved to the US. */
export function editedYaml(): SourceFile {
  const yaml = EXAMPLES[1]!;
  const text = yaml.text
    .replace(/ {2}- name: Mailgun[\s\S]*?\n\n/, '')
    .replace(
      '  - name: Sentry\n    purpose: Error monitoring of the web application\n    location: Germany',
      '  - name: Sentry\n    purpose: Error monitoring of the web application\n    location: United States',
    )
    .concat(
      '\n  - name: Intercom\n    purpose: In-app chat with customers\n    location: United States\n    gdprLink: https://www.intercom.com/legal/data-processing-agreement\n',
    );
  return { path: yaml.path, text };
}

// P-256 group order: ECDSA arithmetic for the fake KMS, which signs a digest it is given.
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const big = (bytes: Buffer): bigint => BigInt(`0x${bytes.toString('hex') || '0'}`);
const bytes32 = (n: bigint): Buffer => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

function power(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

function derInteger(n: bigint): Buffer {
  let body = Buffer.from(n.toString(16).padStart(64, '0'), 'hex');
  while (body.length > 1 && body[0] === 0 && !(body[1]! & 0x80)) body = body.subarray(1);
  if (body[0]! & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/**
 * ECDSA over a given SHA-256 digest, as KMS does for `MessageType: DIGEST`. node:crypto's sign()
 * always hashes, so the nonce point k·G comes from node:crypto's ECDH and the rest is the
 * textbook formula; the result verifies with node:crypto and openssl like any other signature.
 */
export function signDigest(digest: Buffer, privateKey: KeyObject): Buffer {
  const d = big(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url'));
  const z = big(digest);
  for (;;) {
    const k = big(randomBytes(32)) % N;
    if (k === 0n) continue;
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(bytes32(k));
    const r = big(ecdh.getPublicKey().subarray(1, 33)) % N;
    const s = (power(k, N - 2n, N) * (z + r * d)) % N;
    if (r === 0n || s === 0n) continue;
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
  }
}

export interface FakeKms {
  client: KMSClient;
  keyArn: string;
  publicKeyPem: string;
  calls: { target: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A local server speaking the KMS JSON protocol (`x-amz-json-1.1`, `X-Amz-Target:
 * TrentService.<Op>`) for GetPublicKey and Sign, so the real KMSClient's serialisation runs.
 */
export async function startFakeKms(): Promise<FakeKms> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const calls: FakeKms['calls'] = [];
  const server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      calls.push({ target, body });
      const answer = (status: number, value: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(value));
      };
      const fail = (type: string, message: string): void => answer(400, { __type: type, message });
      if (request.headers['content-type'] !== 'application/x-amz-json-1.1')
        return fail('ValidationException', 'content-type must be application/x-amz-json-1.1');
      if (body.KeyId !== keyArn)
        return fail('NotFoundException', `Key '${String(body.KeyId)}' does not exist`);
      if (target === 'TrentService.GetPublicKey')
        return answer(200, {
          KeyId: keyArn,
          PublicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
          KeySpec: 'ECC_NIST_P256',
          CustomerMasterKeySpec: 'ECC_NIST_P256',
          KeyUsage: 'SIGN_VERIFY',
          SigningAlgorithms: ['ECDSA_SHA_256'],
        });
      if (target === 'TrentService.Sign') {
        const message = Buffer.from(String(body.Message), 'base64');
        if (body.SigningAlgorithm !== 'ECDSA_SHA_256')
          return fail('ValidationException', 'SigningAlgorithm must be ECDSA_SHA_256');
        if (message.length > 4096)
          return fail('ValidationException', 'Message longer than 4096 bytes');
        const digest =
          body.MessageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
        if (digest.length !== 32) return fail('ValidationException', 'Digest must be 32 bytes');
        return answer(200, {
          KeyId: keyArn,
          Signature: signDigest(digest, privateKey).toString('base64'),
          SigningAlgorithm: 'ECDSA_SHA_256',
        });
      }
      return fail('UnknownOperationException', target);
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new KMSClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    client,
    keyArn,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    calls,
    close: () => {
      client.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs `openssl dgst -sha256 -verify` as a customer would; true when it says Verified OK. */
export async function opensslVerifies(
  publicKeyPath: string,
  signaturePath: string,
  dataPath: string,
): Promise<boolean> {
  const run = await runProcess(
    'openssl',
    ['dgst', '-sha256', '-verify', publicKeyPath, '-signature', signaturePath, dataPath],
    process.cwd(),
  );
  return run.code === 0 && run.stdout.includes('Verified OK');
}

export interface ProcessRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program without blocking the event loop (a test's own HTTP server keeps answering). */
export function runProcess(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const BIN = fileURLToPath(new URL('../../dist/functions/cli/bin.js', import.meta.url));

/** The built `policy-check`, run asynchronously. */
export function runCliAsync(args: string[], cwd: string): Promise<ProcessRun> {
  return runProcess(process.execPath, [BIN, ...args], cwd);
}

/** The bytes with one byte changed at `index` (a negative index counts from the end). */
export function flipByte(bytes: Uint8Array, index: number): Buffer {
  const copy = Buffer.from(bytes);
  const at = index < 0 ? copy.length + index : index;
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

/** The repository's GitHub id and the service the test snapshots are bound to. */
export const BOUND = { repositoryId: 4242, serviceUrl: 'https://trust.example.com' } as const;

/** What the verifier of a test expects by default: northwind/privacy's snapshot, read from a file. */
export const EXPECTED = { repository: 'northwind/privacy', url: null, acceptV1: false } as const;

const repositoryIds = new Map<string, number>();
/** A GitHub repository id per test repository name, stable within a test file: its chain's key. */
export function idOf(repo: string): number {
  if (!repositoryIds.has(repo)) repositoryIds.set(repo, 1000 + repositoryIds.size);
  return repositoryIds.get(repo)!;
}
