import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { canonicalBytes, isCanonical, sha256Hex } from '../../functions/snapshot/canonical.js';
import { openLocalSigner } from '../../functions/snapshot/local-signer.js';
import { sealSnapshot, type SealedSnapshot } from '../../functions/snapshot/seal-snapshot.js';
import type { Signer } from '../../functions/snapshot/signer.js';
import { snapshotSchemaErrors } from '../../functions/snapshot/snapshot-schema.js';
import type { PinnedKey } from '../../functions/snapshot/keys.js';
import {
  verifySnapshot,
  type VerifyInput,
  type VerifyOutcome,
} from '../../functions/snapshot/verify-snapshot.js';
import { BOUND, editedYaml, EXAMPLES, EXPECTED, flipByte, sha, storedResult } from './support.js';

const aliasIndex = buildAliasIndex(loadRulePack().aliases);
/** Verifies as northwind/privacy's verifier who saw nothing before, unless the input says otherwise. */
const verifyWith = (
  input: Omit<VerifyInput, 'expected' | 'predecessors' | 'seen'> & Partial<VerifyInput>,
): VerifyOutcome => verifySnapshot({ expected: EXPECTED, predecessors: [], seen: null, ...input });
const status = (outcome: ReturnType<typeof verifySnapshot>): Record<string, string> =>
  Object.fromEntries(outcome.checks.map((c) => [c.id, c.status]));

describe('a snapshot chain verified offline', () => {
  let signer: Signer;
  let pinned: PinnedKey[];
  let first: SealedSnapshot;
  let second: SealedSnapshot;

  beforeAll(async () => {
    signer = openLocalSigner(join(mkdtempSync(join(tmpdir(), 'snapshot-key-')), 'key.pem'));
    pinned = [{ keyId: signer.keyId, publicKeyPem: await signer.publicKeyPem() }];
    const at = (minute: number): string => `2026-06-01T12:0${minute}:00.000Z`;
    first = await sealSnapshot(
      {
        source: storedResult(EXAMPLES, sha(1)),
        previous: null,
        sequence: 1,
        publishedAt: at(1),
        aliasIndex,
        ...BOUND,
      },
      signer,
    );
    second = await sealSnapshot(
      {
        source: storedResult([EXAMPLES[0]!, editedYaml()], sha(2)),
        previous: { snapshot: first.snapshot, sha256: first.sha256 },
        sequence: 2,
        publishedAt: at(2),
        aliasIndex,
        ...BOUND,
      },
      signer,
    );
  });

  it('compiles the list, the check and the chain link into canonical JSON that matches the schema', () => {
    const s = second.snapshot;
    expect(snapshotSchemaErrors(s)).toEqual([]);
    expect(isCanonical(second.bytes)).toBe(true);
    expect(sha256Hex(second.bytes)).toBe(second.sha256);
    expect(s).toMatchObject({
      $schema: 'https://policy-checker.dev/schemas/snapshot/v2.json',
      version: 2,
      repository: 'northwind/privacy',
      repositoryId: 4242,
      serviceUrl: 'https://trust.example.com',
      commit: sha(2),
      sequence: 2,
      previousSha256: first.sha256,
      keyId: signer.keyId,
    });
    const mailgun = first.snapshot.thirdParties.find(
      (p) => p.name === 'Mailgun' && p.source.file.endsWith('.yml'),
    );
    expect(mailgun).toMatchObject({
      purpose: 'Transactional email (sign-up, password reset, weekly reports)',
      location: 'United States',
      gdprLink: 'https://www.mailgun.com/legal/dpa/',
      source: { file: 'policies/examples/subprocessors.yml', line: 27 },
    });
    expect(s.changes.added.map((p) => p.name)).toEqual(['Intercom']);
    expect(s.changes.removed.map((p) => p.name)).toEqual(['Mailgun']);
    expect(s.changes.changed).toEqual([
      {
        name: 'Sentry',
        previousName: null,
        changes: [{ field: 'location', before: 'Germany', after: 'United States' }],
      },
    ]);
    // The first snapshot lists everything as added.
    expect(first.snapshot.changes.added).toHaveLength(first.snapshot.thirdParties.length);
  });

  it('holds for the untouched bytes, signature and previous snapshot', () => {
    const outcome = verifyWith({
      bytes: second.bytes,
      signature: second.signature,
      keys: pinned,
      predecessors: [first.bytes],
    });
    expect(outcome.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(outcome.ok).toBe(true);
    expect(verifyWith({ bytes: first.bytes, signature: first.signature, keys: pinned }).ok).toBe(
      true,
    );
  });

  it.each([
    ['the first byte', 0],
    ['a byte in the middle', 400],
    ['the last byte', -1],
  ])('fails when %s of the snapshot changes', (_, index) => {
    const outcome = verifyWith({
      bytes: flipByte(second.bytes, index),
      signature: second.signature,
      keys: pinned,
      predecessors: [first.bytes],
    });
    expect(outcome.ok).toBe(false);
    expect(status(outcome).signature).toBe('fail');
  });

  it.each([0, 10, -1])('fails when byte %i of the signature changes', (index) => {
    const outcome = verifyWith({
      bytes: second.bytes,
      signature: flipByte(second.signature, index),
      keys: pinned,
      predecessors: [first.bytes],
    });
    expect(outcome.ok).toBe(false);
    expect(status(outcome)).toMatchObject({ signature: 'fail', schema: 'pass', chain: 'pass' });
  });

  it('fails when any one byte of the previous hash in the snapshot changes: signature and chain', () => {
    const at = Buffer.from(second.bytes).indexOf(first.sha256);
    for (let i = 0; i < 64; i++) {
      const outcome = verifyWith({
        bytes: flipByte(second.bytes, at + i),
        signature: second.signature,
        keys: pinned,
        predecessors: [first.bytes],
      });
      expect(status(outcome)).toMatchObject({ signature: 'fail', chain: 'fail' });
    }
  });

  it('fails the chain when one byte of the previous snapshot changes', () => {
    const outcome = verifyWith({
      bytes: second.bytes,
      signature: second.signature,
      keys: pinned,
      predecessors: [flipByte(first.bytes, 200)],
    });
    expect(status(outcome)).toMatchObject({ signature: 'pass', chain: 'fail' });
    expect(outcome.ok).toBe(false);
  });

  it('checks the bytes as they are, and their canonical form separately', async () => {
    const pretty = Buffer.from(JSON.stringify(second.snapshot, null, 2));
    const outcome = verifyWith({
      bytes: pretty,
      signature: await signer.sign(pretty),
      keys: pinned,
      predecessors: [first.bytes],
    });
    expect(status(outcome)).toMatchObject({ signature: 'pass', canonical: 'fail', schema: 'pass' });
  });

  it('trusts only pinned keys, within their validity period', async () => {
    const other = openLocalSigner(join(mkdtempSync(join(tmpdir(), 'snapshot-key-')), 'key.pem'));
    const otherKey = [{ keyId: other.keyId, publicKeyPem: await other.publicKeyPem() }];
    const unpinned = verifyWith({
      bytes: first.bytes,
      signature: first.signature,
      keys: otherKey,
    });
    expect(status(unpinned)).toMatchObject({ key: 'fail', signature: 'fail' });
    expect(unpinned.checks.find((c) => c.id === 'key')?.message).toContain('not pinned');
    const retired = verifyWith({
      bytes: second.bytes,
      signature: second.signature,
      keys: [
        { ...pinned[0]!, notBefore: '2026-01-01T00:00:00Z', notAfter: '2026-06-01T12:01:30Z' },
      ],
    });
    expect(status(retired).key).toBe('fail');
  });

  it('fails when the previous snapshot is withheld, unless the verifier accepts an unchained one', () => {
    // Withholding 1.json once made the chain a skip that still verified: whatever 1 → 2 hid.
    const withheld = verifyWith({ bytes: second.bytes, signature: second.signature, keys: pinned });
    expect(status(withheld).chain).toBe('fail');
    expect(withheld.checks.find((c) => c.id === 'chain')?.message).toMatch(
      /snapshot 1 is missing .*--allow-unchained/,
    );
    expect(withheld.ok).toBe(false);
    const allowed = verifyWith({
      bytes: second.bytes,
      signature: second.signature,
      keys: pinned,
      allowUnchained: true,
    });
    expect(status(allowed).chain).toBe('skip');
    expect(allowed.ok).toBe(true);
  });

  it('refuses a snapshot whose sequence does not follow the previous one', async () => {
    await expect(
      sealSnapshot(
        {
          source: storedResult(EXAMPLES, sha(3)),
          previous: { snapshot: first.snapshot, sha256: first.sha256 },
          sequence: 3,
          publishedAt: '2026-06-01T12:00:00.000Z',
          aliasIndex,
          ...BOUND,
        },
        signer,
      ),
    ).rejects.toThrow(/sequence 3 does not follow snapshot 1/);
  });

  it('serialises per RFC 8785: sorted keys, no whitespace, ES number forms', () => {
    const bytes = canonicalBytes({ b: [1e21, 0.5, -0], a: 'é\u2028', c: null });
    expect(Buffer.from(bytes).toString('utf8')).toBe('{"a":"é\u2028","b":[1e+21,0.5,0],"c":null}');
  });
});
