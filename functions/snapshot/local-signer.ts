import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyIdOfPem, type Signer } from './signer.js';

/** A local key that is not an ECDSA P-256 private key in PEM. */
export class LocalKeyError extends Error {
  override name = 'LocalKeyError';
}

function createKey(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  try {
    // `wx`: two processes starting at once must not each write a key and sign with different ones.
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function readKey(path: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new LocalKeyError(
      `local signer: ${path} is not a PEM private key; point SIGNING_KEY or --key at an ECDSA P-256 key, or delete the file to have one created`,
      { cause: error },
    );
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
    throw new LocalKeyError(
      `local signer: ${path} is a ${key.asymmetricKeyType ?? 'unknown'} key; snapshots are signed with ECDSA P-256 (openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt)`,
    );
  return key;
}

/**
 * A signer with a PEM private key at `path`, created on first use (mode 0600, its folder 0700).
 * A key that exists but can be read by others is narrowed to 0600.
 */
export function openLocalSigner(path: string): Signer {
  let exists = true;
  try {
    const mode = statSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    exists = false;
  }
  if (!exists) createKey(path);
  const key = readKey(path);
  const publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  return {
    keyId: keyIdOfPem(publicPem),
    publicKeyPem: () => Promise.resolve(publicPem),
    sign: (bytes) => Promise.resolve(sign('sha256', bytes, { key, dsaEncoding: 'der' })),
  };
}
