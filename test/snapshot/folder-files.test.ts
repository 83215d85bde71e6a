import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse as parseXml, validate as validateXml } from 'fast-xml-parser';
import { escapeXml, renderAtomFeed } from '../../functions/snapshot/atom-feed.js';
import { summariseChanges } from '../../functions/snapshot/change-summary.js';
import { buildKeysFile, parseKeysFile, pinByFingerprint } from '../../functions/snapshot/keys.js';
import { parsePublishEvent } from '../../functions/snapshot/publish-commit.js';
import { keyIdOfPem } from '../../functions/snapshot/signer.js';
import { parseRepository } from '../../functions/snapshot/snapshot-paths.js';
import { sha } from './support.js';

const newKey = (): string =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();

describe('keys.json', () => {
  const a = newKey();
  const b = newKey();
  const entry = (sequence: number, pem: string) => ({
    sequence,
    publishedAt: `2026-0${sequence}-01T00:00:00.000Z`,
    keyId: keyIdOfPem(pem),
    publicKeyPem: pem,
  });

  it('lists each key with the period it signed in, so a rotated key still verifies old snapshots', () => {
    const file = buildKeysFile([entry(3, b), entry(1, a), entry(2, a)]);
    expect(file.keys.map((k) => [k.keyId, k.notBefore, k.notAfter])).toEqual([
      [keyIdOfPem(a), '2026-01-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      [keyIdOfPem(b), '2026-03-01T00:00:00.000Z', null],
    ]);
  });

  it('trusts a listed key only when its own hash is a pinned fingerprint', () => {
    const text = JSON.stringify({
      version: 1,
      keys: [
        { keyId: keyIdOfPem(a), publicKeyPem: a },
        // Claims to be key a, but is b: dropped.
        { keyId: keyIdOfPem(a), publicKeyPem: b },
      ],
    });
    const listed = parseKeysFile(text);
    expect(listed).toHaveLength(1);
    expect(pinByFingerprint([keyIdOfPem(a)], [...listed, { publicKeyPem: b }])).toEqual([
      { keyId: keyIdOfPem(a), publicKeyPem: a },
    ]);
    expect(pinByFingerprint([keyIdOfPem(a)], [{ publicKeyPem: b }])).toEqual([]);
  });
});

describe('the Atom feed', () => {
  it('escapes what vendors write, and drops what XML cannot carry', () => {
    expect(escapeXml(`<b>"R&D" 'x'\u0007`)).toBe('&lt;b&gt;&quot;R&amp;D&quot; &apos;x&apos;');
  });

  it('is well-formed with no entries, and with a vendor name full of markup', () => {
    const summary = summariseChanges({
      added: [
        { name: '<Evil & Co>', purpose: ']]>', location: null, gdprLink: null, file: 'a.md' },
      ],
      removed: [],
      changed: [],
    })!;
    for (const entries of [
      [],
      [
        {
          sequence: 1,
          sha256: 'f'.repeat(64),
          publishedAt: '2026-01-01T00:00:00Z',
          url: '1.json',
          commit: sha(1),
          summary,
        },
      ],
    ]) {
      const xml = renderAtomFeed({
        repository: 'acme/site',
        feedId: 'https://example.com/snapshots/acme/site/feed.atom',
        selfUrl: 'https://example.com/snapshots/acme/site/feed.atom',
        entries,
        updated: '2026-01-01T00:00:00Z',
      });
      expect(validateXml(xml)).toBe(true);
      expect(parseXml(xml)).toHaveProperty('feed.title');
    }
  });
});

describe('the publish event and repository names', () => {
  it('reads { repo, repoId, sha } and the stored result key', () => {
    expect(parsePublishEvent({ repo: 'acme/site', repoId: 7, sha: sha(1) })).toEqual({
      repo: 'acme/site',
      repoId: 7,
      sha: sha(1),
      headSha: null,
      installationId: null,
      onFailure: 'publish',
      page: null,
    });
    const page = { companyName: 'Northwind', logoUrl: null, accentColor: '#123456' };
    expect(parsePublishEvent({ repo: 'acme/site', repoId: 7, sha: sha(1), page }).page).toEqual(
      page,
    );
    expect(
      parsePublishEvent({ pk: 'REPO#acme/site', sk: `COMMIT#${sha(2)}`, repoId: 7 }),
    ).toMatchObject({
      repo: 'acme/site',
      sha: sha(2),
    });
  });

  it.each([
    [{ repo: 'acme/site', sha: 'main' }, /not a 40-digit commit sha/],
    [{ repo: 'acme/../site', sha: sha(1) }, /not a GitHub owner\/name/],
    [{ repo: 'acme/site', repoId: 7, sha: sha(1), onFailure: 'maybe' }, /onFailure must be/],
    [{ sha: sha(1) }, /repo \(owner\/name\) is missing/],
    [{ repo: 'acme/site', repoId: 7, sha: sha(1), page: 'Northwind' }, /page must be an object/],
    [{ repo: 'acme/site', repoId: 7, sha: sha(1), page: [] }, /page must be an object or null/],
    // A message without the repository's id cannot say which chain it continues.
    [{ repo: 'acme/site', sha: sha(1) }, /repoId undefined is not GitHub's repository id/],
    [{ repo: 'acme/site', repoId: '7', sha: sha(1) }, /repoId "7" is not/],
    [{ repo: 'acme/site', repoId: 0, sha: sha(1) }, /repoId 0 is not/],
  ])('refuses %j', (event, message) => {
    expect(() => parsePublishEvent(event)).toThrow(message);
  });

  it.each(['acme/site', 'a-b/c.d_e', 'A1/x'])('accepts %s', (repo) => {
    expect(() => parseRepository(repo)).not.toThrow();
  });

  it.each(['acme', 'acme/', '/site', 'a--b/c', 'acme/.', 'acme/site%2F..', 'ac me/site'])(
    'refuses %s',
    (repo) => {
      expect(() => parseRepository(repo)).toThrow();
    },
  );
});
