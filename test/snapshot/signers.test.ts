import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseSigner, isKmsKeyId } from '../../functions/snapshot/choose-signer.js';
import { createKmsSigner } from '../../functions/snapshot/kms-signer.js';
import { openLocalSigner } from '../../functions/snapshot/local-signer.js';
import { normaliseFingerprint, type Signer } from '../../functions/snapshot/signer.js';
import { opensslVerifies, startFakeKms, type FakeKms } from './support.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'snapshot-signer-'));

/** Signs a message larger than KMS would take whole and checks it with openssl, as a customer would. */
async function checkWithOpenssl(signer: Signer): Promise<boolean> {
  const dir = folder();
  const bytes = Buffer.from(JSON.stringify({ list: 'x'.repeat(10_000) }));
  writeFileSync(join(dir, '1.json'), bytes);
  writeFileSync(join(dir, '1.json.sig'), await signer.sign(bytes));
  writeFileSync(join(dir, 'public-key.pem'), await signer.publicKeyPem());
  return opensslVerifies(join(dir, 'public-key.pem'), join(dir, '1.json.sig'), join(dir, '1.json'));
}

const fingerprintOf = (pem: string): string =>
  `sha256:${createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;

describe('the local signer', () => {
  it('creates its key on first use, readable by its owner only, and keeps it', async () => {
    const path = join(folder(), 'keys', 'signing-key.pem');
    const signer = openLocalSigner(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(openLocalSigner(path).keyId).toBe(signer.keyId);
    expect(signer.keyId).toBe(fingerprintOf(await signer.publicKeyPem()));
  });

  it('signs so that openssl dgst -sha256 -verify accepts it', async () => {
    expect(await checkWithOpenssl(openLocalSigner(join(folder(), 'k.pem')))).toBe(true);
  });

  it('refuses a key of another algorithm with a message that says what to use', () => {
    const path = join(folder(), 'rsa.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    expect(() => openLocalSigner(path)).toThrow(/rsa key; snapshots are signed with ECDSA P-256/);
  });

  it('narrows a key file others can read to 0600', () => {
    const path = join(folder(), 'k.pem');
    openLocalSigner(path);
    chmodSync(path, 0o644);
    openLocalSigner(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('the KMS signer, against a local server speaking the KMS JSON protocol', () => {
  let kms: FakeKms;
  beforeAll(async () => {
    kms = await startFakeKms();
  });
  afterAll(() => kms.close());

  it('names the key by its public key fingerprint and sends a SHA-256 digest, not the message', async () => {
    const signer = await createKmsSigner(kms.client, kms.keyArn);
    expect(signer.keyId).toBe(fingerprintOf(kms.publicKeyPem));
    expect(await signer.publicKeyPem()).toBe(kms.publicKeyPem);
    kms.calls.length = 0;
    const message = Buffer.from('y'.repeat(5000)); // more than KMS's 4,096-byte message limit
    await signer.sign(message);
    expect(kms.calls).toHaveLength(1);
    const call = kms.calls[0]!;
    expect(call.target).toBe('TrentService.Sign');
    expect(call.body).toMatchObject({
      KeyId: kms.keyArn,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
      Message: createHash('sha256').update(message).digest('base64'),
    });
  });

  it('signs so that openssl dgst -sha256 -verify accepts it', async () => {
    expect(await checkWithOpenssl(await createKmsSigner(kms.client, kms.keyArn))).toBe(true);
  });

  it('reports a key KMS does not know', async () => {
    await expect(createKmsSigner(kms.client, 'alias/missing')).rejects.toThrow(/does not exist/);
  });

  it('is what SIGNING_KEY chooses for a KMS key ARN', async () => {
    const signer = await chooseSigner(
      { signingKey: kms.keyArn, dataDir: folder() },
      () => kms.client,
    );
    expect(signer.keyId).toBe(fingerprintOf(kms.publicKeyPem));
  });
});

describe('SIGNING_KEY', () => {
  it.each([
    ['arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', true],
    ['arn:aws:kms:eu-west-1:111122223333:alias/snapshots', true],
    ['alias/policy-checker-snapshots', true],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', true],
    ['mrk-1234abcd12ab34cd56ef1234567890ab', true],
    ['keys/signing-key.pem', false],
    ['./secrets/signing-key.pem', false],
  ])('%s is a KMS key: %s', (value, expected) => {
    expect(isKmsKeyId(value)).toBe(expected);
  });

  it('unset, is a key under the data dir, created mode 0600', async () => {
    const dataDir = folder();
    const signer = await chooseSigner({ signingKey: null, dataDir });
    expect(statSync(join(dataDir, 'signing-key.pem')).mode & 0o777).toBe(0o600);
    expect(signer.keyId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads fingerprints as people write them', () => {
    const hex = 'ab'.repeat(32);
    expect(normaliseFingerprint(`SHA256:${hex.toUpperCase().match(/../g)!.join(':')}`)).toBe(
      `sha256:${hex}`,
    );
    expect(normaliseFingerprint(hex)).toBe(`sha256:${hex}`);
    expect(normaliseFingerprint('sha256:abc')).toBeNull();
  });
});
