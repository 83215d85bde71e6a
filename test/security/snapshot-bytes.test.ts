import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import type { PinnedKey } from '../../functions/snapshot/keys.js';
import { openLocalSigner } from '../../functions/snapshot/local-signer.js';
import { sealSnapshot, type SealedSnapshot } from '../../functions/snapshot/seal-snapshot.js';
import { verifySnapshot, type VerifyOutcome } from '../../functions/snapshot/verify-snapshot.js';
import { editedYaml, EXAMPLES, sha, storedResult, BOUND, EXPECTED } from '../snapshot/support.js';

/**
 * Security property 6 (issue 9): any changed byte of a snapshot, of its signature or of the
 * previous snapshot it chains to fails verification. test/snapshot/verify-snapshot.test.ts
 * flips the lowest bit of a few chosen bytes (and of each byte of the chain hash); here every
 * byte position of the signature and of both snapshots is changed, each with a value drawn by
 * fast-check, and bytes are also inserted, deleted and cut off.
 */

const status = (outcome: VerifyOutcome): Record<string, string> =>
  Object.fromEntries(outcome.checks.map((c) => [c.id, c.status]));

let pinned: PinnedKey[];
let first: SealedSnapshot;
let second: SealedSnapshot;

beforeAll(async () => {
  const aliasIndex = buildAliasIndex(loadRulePack().aliases);
  const signer = openLocalSigner(join(mkdtempSync(join(tmpdir(), 'snapshot-key-')), 'key.pem'));
  pinned = [{ keyId: signer.keyId, publicKeyPem: await signer.publicKeyPem() }];
  first = await sealSnapshot(
    {
      source: storedResult(EXAMPLES, sha(1)),
      previous: null,
      sequence: 1,
      publishedAt: '2026-06-01T12:01:00.000Z',
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
      publishedAt: '2026-06-01T12:02:00.000Z',
      aliasIndex,
      ...BOUND,
    },
    signer,
  );
});

/** `bytes` with the byte at `at` XORed with `mask` (1-255: always a different byte). */
function changed(bytes: Uint8Array, at: number, mask: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ mask;
  return copy;
}

const mask = fc.integer({ min: 1, max: 255 });
const verify = (parts: { bytes?: Uint8Array; signature?: Uint8Array; previous?: Uint8Array }) =>
  verifySnapshot({
    bytes: parts.bytes ?? second.bytes,
    signature: parts.signature ?? second.signature,
    keys: pinned,
    expected: EXPECTED,
    predecessors: [parts.previous ?? first.bytes],
    seen: null,
  });

describe('any changed byte fails verification', () => {
  it('holds untouched (the properties below start from a verifying chain)', () => {
    expect(verify({}).ok).toBe(true);
    // The sizes the properties below walk through, byte by byte.
    expect(second.bytes.length).toBeGreaterThan(1_000);
    expect(first.bytes.length).toBeGreaterThan(1_000);
    expect(second.signature.length).toBeGreaterThanOrEqual(68);
  });

  it('every byte of the snapshot, each changed by a drawn value: the signature fails', () => {
    const masks = fc.sample(mask, { seed: 9_061, numRuns: second.bytes.length });
    for (let at = 0; at < second.bytes.length; at++) {
      const outcome = verify({ bytes: changed(second.bytes, at, masks[at]!) });
      expect(outcome.ok).toBe(false);
      expect(status(outcome).signature).toBe('fail');
    }
    // About a millisecond per verification: every position of a ~10 KB snapshot takes seconds.
  }, 120_000);

  it('every byte of the signature, each with 20 drawn values: the signature fails, schema and chain pass', () => {
    fc.assert(
      fc.property(mask, (m) => {
        for (let at = 0; at < second.signature.length; at++) {
          const outcome = verify({ signature: changed(second.signature, at, m) });
          expect(outcome.ok).toBe(false);
          expect(status(outcome)).toMatchObject({
            signature: 'fail',
            schema: 'pass',
            chain: 'pass',
          });
        }
      }),
      { seed: 9_062, numRuns: 20 },
    );
  });

  it('every byte of the previous snapshot, each changed by a drawn value: the chain link fails', () => {
    const masks = fc.sample(mask, { seed: 9_063, numRuns: first.bytes.length });
    for (let at = 0; at < first.bytes.length; at++) {
      const outcome = verify({ previous: changed(first.bytes, at, masks[at]!) });
      expect(outcome.ok).toBe(false);
      expect(status(outcome)).toMatchObject({ signature: 'pass', chain: 'fail' });
    }
  }, 120_000);

  it('a byte inserted, deleted or appended, or the end cut off, in any of the three: it fails', () => {
    const edits = fc.oneof(
      fc.tuple(
        fc.constant('insert' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.nat(255),
      ),
      fc.tuple(
        fc.constant('delete' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constant(0),
      ),
      fc.tuple(
        fc.constant('cut' as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constant(0),
      ),
      fc.tuple(fc.constant('append' as const), fc.constant(1), fc.nat(255)),
    );
    const apply = (bytes: Uint8Array, [kind, where, value]: [string, number, number]): Buffer => {
      const b = Buffer.from(bytes);
      const at = Math.min(Math.floor(where * b.length), b.length - 1);
      if (kind === 'insert')
        return Buffer.concat([b.subarray(0, at), Buffer.from([value]), b.subarray(at)]);
      if (kind === 'delete') return Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
      if (kind === 'append') return Buffer.concat([b, Buffer.from([value])]);
      return b.subarray(0, at);
    };
    fc.assert(
      fc.property(edits, fc.constantFrom('bytes', 'signature', 'previous'), (edit, part) => {
        const original = {
          bytes: second.bytes,
          signature: second.signature,
          previous: first.bytes,
        }[part];
        const outcome = verify({ [part]: apply(original, edit) });
        expect(outcome.ok).toBe(false);
        expect(status(outcome)[part === 'previous' ? 'chain' : 'signature']).toBe('fail');
      }),
      { seed: 9_064, numRuns: 1_000 },
    );
  });
});
