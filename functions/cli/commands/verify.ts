import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { changeLines, summariseChanges } from '../../snapshot/change-summary.js';
import { parseKeysFile, pinByFingerprint, type PinnedKey } from '../../snapshot/keys.js';
import { keyIdOfPem, normaliseFingerprint } from '../../snapshot/signer.js';
import { FILE_NAMES } from '../../snapshot/snapshot-paths.js';
import { verifySnapshot, type VerifyCheck } from '../../snapshot/verify-snapshot.js';
import { UsageError, type CliContext } from '../io.js';
import { loadConfig } from '../load-config.js';

export interface VerifyArgs {
  targets: string[];
  /** A public key PEM file the customer pinned. */
  key?: string;
  fingerprints: string[];
  config?: string;
  previous?: string;
}

const isUrl = (ref: string): boolean => /^https?:\/\//i.test(ref);

/** Reads a file or fetches an http(s) URL; null when it is not there. */
async function load(ref: string, cwd: string): Promise<Uint8Array | null> {
  try {
    if (!isUrl(ref)) return await readFile(resolve(cwd, ref));
    const response = await fetch(ref, { signal: AbortSignal.timeout(30_000) });
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** A file next to the snapshot: same folder, or the same URL path. */
const beside = (ref: string, file: string): string =>
  isUrl(ref) ? new URL(file, ref).toString() : join(dirname(ref), file);

function pinnedFingerprints(args: VerifyArgs, cwd: string): string[] {
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

async function pinnedKeys(args: VerifyArgs, target: string, cwd: string): Promise<PinnedKey[]> {
  const fingerprints = pinnedFingerprints(args, cwd);
  if (!args.key && fingerprints.length === 0)
    throw new UsageError(
      'verify needs a key you trust: --key public-key.pem, or --fingerprint sha256:… as the company publishes it (e.g. in its privacy policy), or --config with snapshot.keyFingerprint; a key found beside the snapshot is never trusted by itself',
    );
  const keysText = await load(beside(target, FILE_NAMES.keys), cwd);
  const listed = keysText ? parseKeysFile(new TextDecoder().decode(keysText)) : [];
  const keys: PinnedKey[] = [];
  if (args.key) {
    const pem = await load(args.key, cwd);
    let keyId: string;
    try {
      keyId = keyIdOfPem(new TextDecoder().decode(pem ?? new Uint8Array()));
    } catch {
      throw new UsageError(`--key ${args.key}: not a readable PEM public key`);
    }
    // keys.json is not trusted for the key itself; its validity period can only narrow.
    const period = listed.find((k) => k.keyId === keyId);
    keys.push({ ...period, keyId, publicKeyPem: new TextDecoder().decode(pem!) });
  }
  if (fingerprints.length > 0) {
    const pemText = await load(beside(target, FILE_NAMES.publicKey), cwd);
    const candidates = [
      ...listed,
      ...(pemText ? [{ publicKeyPem: new TextDecoder().decode(pemText) }] : []),
    ];
    keys.push(...pinByFingerprint(fingerprints, candidates));
  }
  return keys;
}

function sequenceOf(bytes: Uint8Array): number | null {
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { sequence?: unknown };
    return typeof value.sequence === 'number' && Number.isInteger(value.sequence)
      ? value.sequence
      : null;
  } catch {
    return null;
  }
}

const MARK: Record<VerifyCheck['status'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

/**
 * `policy-check verify <snapshot.json | URL> [--key FILE | --fingerprint sha256:…] [--previous FILE]`:
 * the schema, the canonical form, a pinned key, the signature over the exact bytes and the
 * chain link; prints what changed. Exit 0 only when no check fails, 1 when one does, 2 on
 * usage errors or an unreadable snapshot.
 */
export async function runVerify(args: VerifyArgs, context: CliContext): Promise<number> {
  if (args.targets.length !== 1)
    throw new UsageError(
      'verify takes exactly one snapshot: a file or an http(s) URL of <seq>.json',
    );
  const [target] = args.targets as [string];
  const cwd = context.cwd;
  const keys = await pinnedKeys(args, target, cwd);
  const bytes = await load(target, cwd);
  if (!bytes) {
    context.stderr.write(`policy-check: cannot read ${target}; check the path or URL\n`);
    return 2;
  }
  const signatureRef = `${target}.sig`;
  const signature = await load(signatureRef, cwd);
  const sequence = sequenceOf(bytes);
  const previousRef =
    args.previous ?? (sequence && sequence > 1 ? beside(target, `${sequence - 1}.json`) : null);
  const previous = previousRef ? await load(previousRef, cwd) : null;
  if (args.previous && !previous) {
    context.stderr.write(`policy-check: cannot read --previous ${args.previous}\n`);
    return 2;
  }
  const outcome = verifySnapshot({
    bytes,
    signature: signature ?? new Uint8Array(),
    keys,
    previous,
  });
  const checks = outcome.checks.map((c) =>
    c.id === 'signature' && !signature ? { ...c, message: `no signature at ${signatureRef}` } : c,
  );
  const s = outcome.snapshot;
  const lines = [
    s
      ? `Snapshot ${s.sequence} of ${s.repository}${s.commit ? ` at ${s.commit.slice(0, 12)}` : ''}, published ${s.publishedAt}, check ${s.check.conclusion}`
      : `Snapshot ${target}`,
    ...checks.map((c) => `  ${MARK[c.status]} ${c.id}: ${c.message}`),
  ];
  if (outcome.ok && s) {
    const summary = summariseChanges(s.changes);
    lines.push(
      s.sequence === 1 ? 'The first snapshot lists:' : `Changes since snapshot ${s.sequence - 1}:`,
      ...(summary ? changeLines(summary).map((l) => `  ${l}`) : ['  none']),
      'Verified.',
    );
  } else {
    const failed = checks.filter((c) => c.status === 'fail').length;
    lines.push(`NOT verified: ${failed} check(s) failed; do not rely on this snapshot.`);
  }
  context.stdout.write(`${lines.join('\n')}\n`);
  return outcome.ok ? 0 : 1;
}
