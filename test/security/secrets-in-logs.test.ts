import { generateKeyPairSync } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { Octokit } from '@octokit/rest';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstallationClient } from '../../functions/github/octokit.js';
import { startFakeGitHub, type FakeGitHub } from '../../functions/local/github-stand-in/index.js';
import { appCredentials } from '../../functions/service/app-credentials.js';
import type { ServiceEnvironment } from '../../functions/service/environment.js';
import {
  createLogger,
  logEntry,
  redact,
  registerSecret,
  type Logger,
} from '../../functions/service/log.js';
import { findSecrets } from '../../functions/service/secret-scan.js';
import { cachedSecret } from '../../functions/service/secrets.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';

/**
 * Security property 3 (issue 9): the webhook secret, the App's private key, installation
 * tokens and AWS credentials never reach a log line. The logger (functions/service/log.ts)
 * masks registered secret values and credential shapes in every string it writes; these tests
 * log real Octokit and AWS SDK errors (and copies that carry the credential unredacted, as a
 * library might) in the ways code logs errors, and scan each line with findSecrets.
 */

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const { privateKey: appKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const APP_PEM = appKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A logger writing into an array. */
function capture(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  return { log: createLogger({ level: 'debug', write: (line) => lines.push(line) }), lines };
}

/** Every way the service's code hands an error to the logger. */
function logInEveryWay(log: Logger, error: unknown): void {
  const e = error as { request?: unknown; message?: string };
  log.error('call failed', { error });
  log.error('call failed', { error: String(error) });
  log.error('call failed', { detail: { ...(error as object) } });
  log.error('call failed', { request: e.request });
  log.error('call failed', { json: JSON.stringify({ ...(error as object) }) });
  log.warn(`call failed: ${String(error)} ${JSON.stringify(e.request ?? null)}`);
  logEntry(log, { level: 'error', msg: 'job failed', error: `${e.message}`, cause: error });
}

/** Lines are still JSON, and findSecrets finds nothing in them. */
function expectClean(lines: readonly string[], secrets: readonly string[]): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(findSecrets(line, secrets)).toEqual([]);
  }
}

describe('findSecrets, for a soak run that scans every log line', () => {
  const token = `ghs_${'A1b2C3d4'.repeat(4)}abcd`;
  const pem = APP_PEM;

  it.each([
    ['a known secret as is', 'secret: hunter2-hunter2', ['hunter2-hunter2'], ['known secret 1']],
    [
      'a known PEM inside a JSON line (newlines escaped)',
      JSON.stringify({ msg: 'x', key: pem.replace('PRIVATE KEY', 'XXX') }),
      [pem.replace('PRIVATE KEY', 'XXX')],
      ['known secret 1'],
    ],
    [
      'one base64 line of a known PEM',
      `leaked ${pem.split('\n')[3]}`,
      ['x', pem],
      ['known secret 2'],
    ],
    ['a PEM private key block', pem, [], ['PEM private key']],
    ['a PEM block cut short', pem.slice(0, 200), [], ['PEM private key']],
    ['an installation token', `using ${token}`, [], ['GitHub token']],
    ['a fine-grained token', `github_pat_${'x1'.repeat(20)}`, [], ['GitHub fine-grained token']],
    ['an Authorization header', '{"authorization":"token abc123"}', [], ['Authorization header']],
    ['a bearer credential', `Bearer ${'eyJ0eXAi'.repeat(4)}`, [], ['Bearer or token credential']],
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE', [], ['AWS access key id']],
    ['an AWS session token', `x IQoJb3JpZ2luX2VjEJr${'A'.repeat(40)}`, [], ['AWS session token']],
    [
      'a secret access key named as one',
      'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      [],
      ['named AWS credential'],
    ],
  ])('finds %s', (_, text, secrets, expected) => {
    expect(findSecrets(text, secrets)).toEqual(expected);
    // It names what it found and never repeats the value.
    for (const name of findSecrets(text, secrets))
      for (const s of secrets) expect(name).not.toBe(s);
  });

  it.each([
    '{"level":"info","msg":"delivery accepted","deliveryId":"72d3162e-cc78-11e3-81ab-4c9367dc0958"}',
    `{"msg":"job done","sha":"${'6113728f27ae82c7b1a177c8d03f9e96e0adf246'}","repo":"acme/site"}`,
    '{"msg":"webhook secret unavailable","error":"Error: GITHUB_WEBHOOK_SECRET (or GITHUB_WEBHOOK_SECRET_ARN) is not set"}',
    '{"authorization":"token [REDACTED]","token":"[REDACTED]"}',
    'the token cache dropped an entry; secretArn arn:aws:secretsmanager:eu-west-1:1:secret:x',
  ])('finds nothing in an ordinary or already masked line: %s', (line) => {
    expect(findSecrets(line, ['hunter2-hunter2'])).toEqual([]);
  });

  it('ignores values too short to be secrets (they would match everywhere)', () => {
    expect(findSecrets('info', ['info', ''])).toEqual([]);
  });
});

describe('the logger masks secrets in every line', () => {
  it('masks PEM blocks, tokens, Authorization and Bearer values, AWS keys, named fields', () => {
    const { log, lines } = capture();
    log.error('boom', {
      pem: APP_PEM,
      header: 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz',
      nested: { deeper: [`token ghs_${'Z9'.repeat(18)}`] },
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      keyId: 'AKIAIOSFODNN7EXAMPLE',
    });
    expectClean(lines, [APP_PEM]);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      pem: '[REDACTED PRIVATE KEY]\n',
      header: 'Authorization: Bearer [REDACTED]',
      nested: { deeper: ['token [REDACTED]'] },
      secretAccessKey: '[REDACTED]',
      keyId: '[REDACTED]',
    });
  });

  const secretValue = fc
    .tuple(
      fc.constantFrom('', 'whsec-', '-----', '"', '\\', '\n'),
      fc.string({ unit: 'grapheme', minLength: 12, maxLength: 40 }),
    )
    .map(([prefix, rest]) => `${prefix}${rest}`);

  it('masks every registered value, in any field, at any depth, keeping the line JSON', () => {
    fc.assert(
      fc.property(secretValue, fc.integer({ min: 0, max: 4 }), (secret, style) => {
        registerSecret(secret);
        const { log, lines } = capture();
        const fields = [
          { error: new Error(`could not verify with ${secret}`) },
          { detail: { list: ['x', `…${secret}…`] } },
          { json: JSON.stringify({ secret: secret }) },
          { json: JSON.stringify(JSON.stringify({ value: secret })) },
          { text: `${secret}${secret}` },
        ][style]!;
        log.error('failed', fields);
        expectClean(lines, [secret]);
        expect(redact(`a ${secret} b`)).toBe('a [REDACTED] b');
      }),
      { seed: 9_003, numRuns: 300 },
    );
  });

  it('cachedSecret and appCredentials register what they load', async () => {
    const webhookSecret = 'a webhook secret nobody guesses';
    const fetched = 'fetched-from-secrets-manager-1234';
    await cachedSecret(webhookSecret, null, 'GITHUB_WEBHOOK_SECRET')();
    await cachedSecret(null, 'arn', 'GITHUB_WEBHOOK_SECRET', async () => fetched)();
    const env = { githubAppId: '1', githubAppPrivateKey: APP_PEM.replace(/\n/g, '\\n') };
    const credentials = await appCredentials(env as ServiceEnvironment, async () => '');
    expect(credentials.privateKey).toBe(APP_PEM);
    const { log, lines } = capture();
    log.error(`verify failed for ${webhookSecret}`);
    log.error('fetch', { error: new Error(`bad ${fetched}`) });
    // The key's base64 lines alone, without the BEGIN line the PEM shape needs.
    log.error('key', { body: APP_PEM.split('\n').slice(1, -2).join('\n') });
    expectClean(lines, [webhookSecret, fetched, APP_PEM]);
  });

  it('appCredentials never quotes a key given without its BEGIN line in its error', async () => {
    const body = APP_PEM.split('\n').slice(1, -2).join('');
    const env = { githubAppId: '1', githubAppPrivateKey: body } as ServiceEnvironment;
    const error = await appCredentials(env, async () => '').then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/neither PEM text nor the path of a file that exists/);
    expect(findSecrets(error!.message, [body])).toEqual([]);
  });
});

describe('errors from Octokit and the AWS SDK, logged', () => {
  let github: FakeGitHub;
  let engines: LocalEngines;

  beforeAll(async () => {
    github = await startFakeGitHub({
      appId: 77,
      appPublicKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString(),
      installationIds: [5],
    });
    github.addRepository({
      owner: 'acme',
      name: 'site',
      id: 9,
      commits: [{ sha: 'b'.repeat(40), files: { 'privacy.md': '# Privacy\n' } }],
    });
    engines = await startLocalEngines();
  });
  afterAll(async () => {
    await github.close();
    await engines.close();
  });

  /** A real RequestError: GitHub refuses a token it did not issue. */
  async function refusedToken(token: string): Promise<Error> {
    const octokit = new Octokit({ baseUrl: github.url, auth: token, log: silent });
    return octokit.rest.repos.get({ owner: 'acme', repo: 'site' }).then(
      () => {
        throw new Error('GitHub accepted a token it never issued');
      },
      (error: unknown) => error as Error,
    );
  }

  /** The same error as a library that does not redact would leave it: the header in clear. */
  function withClearHeader(error: Error, authorization: string): Error {
    const request = (error as { request?: { headers?: Record<string, string> } }).request ?? {};
    return Object.assign(Object.create(Object.getPrototypeOf(error) as object) as Error, error, {
      message: error.message,
      request: { ...request, headers: { ...request.headers, authorization } },
    });
  }

  const githubToken = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghs_${s}`),
    fc.stringMatching(/^[A-Za-z0-9]{36}$/).map((s) => `ghu_${s}`),
    fc.stringMatching(/^[A-Za-z0-9_]{82}$/).map((s) => `github_pat_${s}`),
  );

  it('an Octokit error whose request.headers.authorization carries the token never prints it', async () => {
    const real = await refusedToken(`ghs_${'Q'.repeat(36)}`);
    expect((real as { status?: number }).status).toBe(401);
    await fc.assert(
      fc.asyncProperty(
        githubToken,
        fc.constantFrom('token', 'bearer', ''),
        async (token, scheme) => {
          const raw = withClearHeader(real, scheme ? `${scheme} ${token}` : token);
          // Not vacuous: written without the logger, the token is there.
          expect(findSecrets(JSON.stringify({ ...raw }), [token])).not.toEqual([]);
          const { log, lines } = capture();
          logInEveryWay(log, raw);
          expectClean(lines, [token]);
        },
      ),
      { seed: 9_004, numRuns: 200 },
    );
    // And Octokit's own error, as it comes.
    const { log, lines } = capture();
    logInEveryWay(log, real);
    expectClean(lines, [`ghs_${'Q'.repeat(36)}`]);
  });

  it('an App JWT refused while asking for an installation token is not printed', async () => {
    // The stand-in knows another public key, so it refuses the JWT signed with APP_PEM.
    const octokit = createInstallationClient({
      baseUrl: github.url,
      credentials: { appId: '77', privateKey: APP_PEM },
      installationId: 5,
      deadline: () => Date.now() + 30_000,
      secondMs: 1,
    });
    const error = await octokit.rest.repos.get({ owner: 'acme', repo: 'site' }).then(
      () => new Error('accepted'),
      (e: unknown) => e as Error,
    );
    const jwt = (
      github.requests.find((r) => r.headers.authorization?.startsWith('bearer '))?.headers
        .authorization ?? ''
    ).slice('bearer '.length);
    expect(jwt).toMatch(/^eyJ/);
    const { log, lines } = capture();
    logInEveryWay(log, error);
    logInEveryWay(log, withClearHeader(error, `bearer ${jwt}`));
    expectClean(lines, [jwt, APP_PEM]);
  });

  const awsCredentials = fc.record({
    accessKeyId: fc.stringMatching(/^[A-Z0-9]{16}$/).map((s) => `ASIA${s}`),
    secretAccessKey: fc.stringMatching(/^[A-Za-z0-9/+]{40}$/),
    sessionToken: fc.stringMatching(/^[A-Za-z0-9/+]{120}$/).map((s) => `IQoJb3JpZ2luX2Vj${s}`),
  });

  it('AWS SDK errors (a real one from dynalite, and S3 SignatureDoesNotMatch) never print the credentials', async () => {
    await fc.assert(
      fc.asyncProperty(awsCredentials, async (credentials) => {
        // A Lambda function's credentials come from its environment; the logger registers them.
        process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
        process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
        const client = new DynamoDBClient({
          endpoint: engines.dynamoEndpoint,
          region: 'eu-west-1',
          credentials,
          maxAttempts: 1,
        });
        const missing = await client
          .send(new GetItemCommand({ TableName: 'no-such-table', Key: { pk: { S: 'x' } } }))
          .then(
            () => new Error('found'),
            (e: unknown) => e as Error,
          );
        client.destroy();
        const signature = new S3ServiceException({
          name: 'SignatureDoesNotMatch',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
          message: 'The request signature we calculated does not match the signature you provided.',
        });
        // What S3 sends back with that error, kept on the exception by the SDK.
        Object.assign(signature, {
          AWSAccessKeyId: credentials.accessKeyId,
          StringToSign: `AWS4-HMAC-SHA256\n20260101T000000Z\n20260101/eu-west-1/s3/aws4_request\n${'ab'.repeat(32)}`,
          CanonicalRequest: `PUT\n/snapshots/acme/site/1.json\n\nhost:s3.eu-west-1.amazonaws.com\nx-amz-date:20260101T000000Z\nx-amz-security-token:${credentials.sessionToken}\n\nhost;x-amz-date;x-amz-security-token\nUNSIGNED-PAYLOAD`,
        });
        const secrets = [
          credentials.accessKeyId,
          credentials.secretAccessKey,
          credentials.sessionToken,
        ];
        const { log, lines } = capture();
        for (const error of [missing, signature]) logInEveryWay(log, error);
        log.error('client config', { credentials });
        expectClean(lines, secrets);
      }),
      { seed: 9_008, numRuns: 40 },
    );
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
  });
});
