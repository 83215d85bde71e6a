import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { followRotations } from '../snapshot/key-rotation.js';
import {
  parseKeysFile,
  parseRotations,
  pinByFingerprint,
  type PinnedKey,
} from '../snapshot/keys.js';
import { keyIdOfPem, normaliseFingerprint } from '../snapshot/signer.js';
import { FILE_NAMES } from '../snapshot/snapshot-paths.js';
import { UsageError } from './io.js';
import { loadConfig } from './load-config.js';

export const isUrl = (ref: string): boolean => /^https?:\/\//i.test(ref);

/** Reads a file or fetches an http(s) URL; null when it is not there. */
export async function load(ref: string, cwd: string): Promise<Uint8Array | null> {
  try {
    if (!isUrl(ref)) return await readFile(resolve(cwd, ref));
    const response = await fetch(ref, { signal: AbortSignal.timeout(30_000) });
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** A file next to another: same folder, or the same URL path. */
export const beside = (ref: string, file: string): string =>
  isUrl(ref) ? new URL(file, ref).toString() : join(dirname(ref), file);

/** True when the target names a repository's folder (a URL ending in `/`, or a local folder). */
export async function isFolder(ref: string, cwd: string): Promise<boolean> {
  if (isUrl(ref)) return ref.endsWith('/');
  return (await stat(resolve(cwd, ref)).catch(() => null))?.isDirectory() ?? false;
}

export interface KeyArgs {
  key?: string;
  fingerprints: string[];
  config?: string;
}

function pinnedFingerprints(args: KeyArgs, cwd: string): string[] {
  const given = [...args.fingerprints];
  if (args.config) {
    const fingerprint = loadConfig(cwd, args.config).config.snapshot.keyFingerprint;
    if (fingerprint) given.push(fingerprint);
  }
  return given.map((f) => {
    const normal = normaliseFingerprint(f);
    if (!normal)
      throw new UsageError(
        `--fingerprint "${f}" is not a SHA-256 fingerprint (sha256: and 64 hex digits)`,
      );
    return normal;
  });
}

const text = (bytes: Uint8Array | null): string =>
  new TextDecoder().decode(bytes ?? new Uint8Array());

/**
 * The keys the user trusts: `--key`, or the candidates beside the snapshot whose fingerprint
 * was given, and then the keys those vouched for in a signed rotation (keys.json).
 */
export async function pinnedKeys(args: KeyArgs, target: string, cwd: string): Promise<PinnedKey[]> {
  const fingerprints = pinnedFingerprints(args, cwd);
  if (!args.key && fingerprints.length === 0)
    throw new UsageError(
      'verify needs a key you trust: --key public-key.pem, or --fingerprint sha256:… as the company publishes it (e.g. in its privacy policy), or --config with snapshot.keyFingerprint; a key found beside the snapshot is never trusted by itself',
    );
  const keysText = text(await load(beside(target, FILE_NAMES.keys), cwd));
  const listed = parseKeysFile(keysText);
  const keys: PinnedKey[] = [];
  if (args.key) {
    const pem = text(await load(args.key, cwd));
    let keyId: string;
    try {
      keyId = keyIdOfPem(pem);
    } catch {
      throw new UsageError(`--key ${args.key}: not a readable PEM public key`);
    }
    // keys.json is not trusted for the key itself; its validity period can only narrow.
    const period = listed.find((k) => k.keyId === keyId);
    keys.push({ ...period, keyId, publicKeyPem: pem });
  }
  if (fingerprints.length > 0) {
    const pemText = await load(beside(target, FILE_NAMES.publicKey), cwd);
    const candidates = [...listed, ...(pemText ? [{ publicKeyPem: text(pemText) }] : [])];
    keys.push(...pinByFingerprint(fingerprints, candidates));
  }
  return followRotations(keys, parseRotations(keysText));
}
