import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../functions/cli/main.js';
import { verifyStatePath } from '../../functions/cli/verify-state-file.js';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { canonicalBytes, sha256Hex } from '../../functions/snapshot/canonical.js';
import { signRotation } from '../../functions/snapshot/key-rotation.js';
import { openLocalSigner } from '../../functions/snapshot/local-signer.js';
import {
  publishSnapshot,
  type PublisherDeps,
  type PublishOutcome,
} from '../../functions/snapshot/publish-snapshot.js';
import { parseSnapshotBytes, sealSnapshot } from '../../functions/snapshot/seal-snapshot.js';
import type { Signer } from '../../functions/snapshot/signer.js';
import type { Snapshot } from '../../functions/snapshot/snapshot.js';
import type { StoredResult } from '../../functions/store/stored-result.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { editedYaml, EXAMPLES, sha, storedResult } from './support.js';

/**
 * The snapshot's trust promises, attacked: one service key signs every installation's
 * snapshots, and whoever serves the files (a CDN, a mirror, the network) may serve others.
 * The service is real (dynalite, s3rver, the publisher); a small HTTP server serves the bucket
 * under the service's base URL, and each test may make it lie about a path.
 */

const aliasIndex = buildAliasIndex(loadRulePack().aliases);
const ACME = { repo: 'acme/site', id: 101 };
const MALLORY = { repo: 'mallory/x', id: 666 };

let engines: LocalEngines;
let server: Server;
let base: string;
let deps: PublisherDeps;
let service: Signer;
/** Paths the server lies about: other bytes, or null for a 404 (a withheld file). */
const lies = new Map<string, Buffer | null>();

async function object(key: string): Promise<Buffer | null> {
  try {
    const answer = await engines.s3.send(
      new GetObjectCommand({ Bucket: engines.bucket, Key: key }),
    );
    return Buffer.from(await answer.Body!.transformToByteArray());
  } catch {
    return null;
  }
}

const newKey = (): Signer =>
  openLocalSigner(join(mkdtempSync(join(tmpdir(), 'trust-key-')), 'key.pem'));

function publish(
  who: { repo: string; id: number },
  result: StoredResult,
  overrides: Partial<PublisherDeps> = {},
): Promise<PublishOutcome> {
  return publishSnapshot(
    { ...deps, ...overrides },
    { source: result, repositoryId: who.id, isCurrentHead: () => true },
  );
}

/** Runs `policy-check verify …` in-process with its own configuration directory. */
async function verify(
  args: string[],
  configHome: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: ['verify', ...args],
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    cwd: configHome,
    env: { XDG_CONFIG_HOME: configHome },
    today: '2026-06-01',
  });
  return { code, stdout, stderr };
}

const freshConfig = (): string => mkdtempSync(join(tmpdir(), 'trust-config-'));
const url = (repo: string, file: string): string => `${base}/snapshots/${repo}/${file}`;

/** acme's checkpoint as it was when snapshot 2 was the newest: what a rollback serves. */
let checkpointAt2: { body: Buffer; signature: Buffer };

beforeAll(async () => {
  engines = await startLocalEngines();
  server = createServer((request, response) => {
    const path = decodeURIComponent(request.url ?? '/').replace(/^\//, '');
    const lie = lies.get(path);
    if (lie === null) return void response.writeHead(404).end();
    if (lie) return void response.writeHead(200).end(lie);
    void object(path).then((body) => {
      if (body) response.writeHead(200).end(body);
      else response.writeHead(404).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  service = newKey();
  deps = {
    dynamo: engines.dynamo,
    table: await engines.newTable(),
    s3: engines.s3,
    bucket: engines.bucket,
    signer: service,
    baseUrl: base,
    aliasIndex,
  };
  await publish(ACME, storedResult(EXAMPLES, sha(1), ACME.repo));
  await publish(ACME, storedResult([EXAMPLES[0]!, editedYaml()], sha(2), ACME.repo));
  checkpointAt2 = {
    body: (await object(`snapshots/${ACME.repo}/checkpoint.json`))!,
    signature: (await object(`snapshots/${ACME.repo}/checkpoint.json.sig`))!,
  };
  await publish(ACME, storedResult(EXAMPLES, sha(3), ACME.repo));
  // Mallory installs the same App on her own repository: the same service key signs her list.
  await publish(MALLORY, storedResult([EXAMPLES[1]!], sha(9), MALLORY.repo));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await engines.close();
});

describe("whose snapshot it is (one service key signs every installation's)", () => {
  it("mallory's snapshot served at acme's URL, checked with acme's fingerprint, fails", async () => {
    const honest = await verify(
      [url(ACME.repo, '1.json'), '--fingerprint', service.keyId],
      freshConfig(),
    );
    expect(honest.stdout).toContain(
      `PASS repository: the list of acme/site (repository id 101), published by ${base}`,
    );
    expect(honest.code).toBe(0);

    lies.set('snapshots/acme/site/1.json', (await object('snapshots/mallory/x/1.json'))!);
    lies.set('snapshots/acme/site/1.json.sig', (await object('snapshots/mallory/x/1.json.sig'))!);
    try {
      const run = await verify(
        [url(ACME.repo, '1.json'), '--fingerprint', service.keyId],
        freshConfig(),
      );
      // The signature is the service's own: only the signed repository gives it away.
      expect(run.stdout).toContain('PASS signature');
      expect(run.stdout).toContain(
        "FAIL repository: this is the snapshot of mallory/x, not of acme/site: another repository's list",
      );
      expect(run.stdout).toContain('NOT verified');
      expect(run.code).toBe(1);
    } finally {
      lies.clear();
    }
  });

  it('a downloaded file needs --repository, and fails for another repository', async () => {
    const dir = freshConfig();
    writeFileSync(join(dir, '1.json'), (await object('snapshots/mallory/x/1.json'))!);
    writeFileSync(join(dir, '1.json.sig'), (await object('snapshots/mallory/x/1.json.sig'))!);
    const without = await verify([join(dir, '1.json'), '--fingerprint', service.keyId], dir);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain(
      'verify needs the repository the snapshot must belong to: --repository owner/name',
    );
    const acme = await verify(
      [join(dir, '1.json'), '--fingerprint', service.keyId, '--repository', 'acme/site'],
      dir,
    );
    expect(acme.stdout).toContain('FAIL repository: this is the snapshot of mallory/x');
    expect(acme.code).toBe(1);
  });

  it("acme's own snapshot served from a place its service did not publish it to fails", async () => {
    for (const file of ['1.json', '1.json.sig', 'keys.json', 'public-key.pem'])
      lies.set(
        `mirror/snapshots/acme/site/${file}`,
        (await object(`snapshots/acme/site/${file}`))!,
      );
    try {
      const run = await verify(
        [`${base}/mirror/snapshots/acme/site/1.json`, '--fingerprint', service.keyId],
        freshConfig(),
      );
      expect(run.stdout).toContain(`but signed by the service at ${base}`);
      expect(run.code).toBe(1);
    } finally {
      lies.clear();
    }
  });

  it('a version-1 snapshot (no id, no service) passes only with --accept-v1, which says what it gives up', async () => {
    const v2 = parseSnapshotBytes((await object('snapshots/acme/site/1.json'))!) as Snapshot;
    // What a snapshot published before the change looks like: no id, no service.
    const v1Fields: Record<string, unknown> = {
      ...v2,
      $schema: 'https://policy-checker.dev/schemas/snapshot/v1.json',
      version: 1,
    };
    delete v1Fields.repositoryId;
    delete v1Fields.serviceUrl;
    const v1 = canonicalBytes(v1Fields);
    const dir = freshConfig();
    writeFileSync(join(dir, '1.json'), v1);
    writeFileSync(join(dir, '1.json.sig'), await service.sign(v1));
    writeFileSync(join(dir, 'public-key.pem'), await service.publicKeyPem());
    const args = [join(dir, '1.json'), '--fingerprint', service.keyId, '--repository', 'acme/site'];
    const refused = await verify(args, dir);
    expect(refused.stdout).toContain('PASS schema: matches the snapshot schema v1');
    expect(refused.stdout).toContain('FAIL repository: version 1 names no repository id');
    expect(refused.code).toBe(1);
    const accepted = await verify([...args, '--accept-v1'], dir);
    expect(accepted.stdout).toContain(
      'SKIP repository: version 1 names acme/site but no repository id or service; accepted by --accept-v1 on its name alone',
    );
    expect(accepted.code).toBe(0);
  });
});

describe('rollback and freshness', () => {
  it('an older, validly signed snapshot served as the newest fails once a newer one was seen', async () => {
    const config = freshConfig();
    const newest = await verify([url(ACME.repo, ''), '--fingerprint', service.keyId], config);
    expect(newest.stdout).toContain('PASS checkpoint: signed');
    expect(newest.stdout).toMatch(/^Snapshot 3 of acme\/site/);
    expect(newest.code).toBe(0);
    const state = verifyStatePath({ XDG_CONFIG_HOME: config }, config);
    expect(statSync(state).mode & 0o777).toBe(0o600);
    expect(readFileSync(state, 'utf8')).toContain('"sequence": 3');

    // The attacker replays the checkpoint signed when 2 was the newest.
    lies.set('snapshots/acme/site/checkpoint.json', checkpointAt2.body);
    lies.set('snapshots/acme/site/checkpoint.json.sig', checkpointAt2.signature);
    try {
      const rolledBack = await verify([url(ACME.repo, ''), '--fingerprint', service.keyId], config);
      expect(rolledBack.stdout).toMatch(/^Snapshot 2 of acme\/site/);
      expect(rolledBack.stdout).toContain(
        'FAIL freshness: snapshot 2 is older than snapshot 3, verified on',
      );
      expect(rolledBack.code).toBe(1);
    } finally {
      lies.clear();
    }
    const direct = await verify([url(ACME.repo, '2.json'), '--fingerprint', service.keyId], config);
    expect(direct.stdout).toContain('FAIL freshness');
    expect(direct.code).toBe(1);
  });

  it('an unsigned or forged checkpoint does not name the newest', async () => {
    lies.set('snapshots/acme/site/checkpoint.json.sig', null);
    try {
      const run = await verify([url(ACME.repo, ''), '--fingerprint', service.keyId], freshConfig());
      expect(run.stdout).toContain('FAIL checkpoint: no signed checkpoint.json beside it');
      expect(run.code).toBe(1);
    } finally {
      lies.clear();
    }
  });

  it('a withheld predecessor fails, unless --allow-unchained', async () => {
    lies.set('snapshots/acme/site/2.json', null);
    try {
      const args = [url(ACME.repo, '3.json'), '--fingerprint', service.keyId];
      const withheld = await verify(args, freshConfig());
      expect(withheld.stdout).toContain('FAIL chain: snapshot 2 is missing');
      expect(withheld.code).toBe(1);
      const allowed = await verify([...args, '--allow-unchained'], freshConfig());
      expect(allowed.stdout).toContain('SKIP chain: not checked: snapshot 2 is missing');
      expect(allowed.code).toBe(0);
    } finally {
      lies.clear();
    }
  });

  it('walks back to the snapshot seen last: a link withheld in between fails', async () => {
    const config = freshConfig();
    expect(
      (await verify([url(ACME.repo, '1.json'), '--fingerprint', service.keyId], config)).code,
    ).toBe(0);
    lies.set('snapshots/acme/site/2.json', null);
    try {
      // 3 → 2 is withheld; without the walk, 3 alone would say nothing about 2.
      const run = await verify(
        [
          url(ACME.repo, '3.json'),
          '--fingerprint',
          service.keyId,
          '--previous',
          url(ACME.repo, '1.json'),
        ],
        config,
      );
      expect(run.stdout).toContain('FAIL chain');
      expect(run.code).toBe(1);
      const walked = await verify(
        [url(ACME.repo, '3.json'), '--fingerprint', service.keyId],
        config,
      );
      expect(walked.stdout).toContain('FAIL chain: snapshot 2 is missing');
    } finally {
      lies.clear();
    }
    const whole = await verify([url(ACME.repo, '3.json'), '--fingerprint', service.keyId], config);
    expect(whole.stdout).toContain('PASS chain: follows snapshot 1, which you verified on');
    expect(whole.code).toBe(0);
  });
});

describe('key rotation', () => {
  const ROTATING = { repo: 'acme/rotating', id: 202 };
  let oldKey: Signer;
  let newKey: Signer;

  beforeAll(async () => {
    oldKey = service;
    newKey = openLocalSigner(join(mkdtempSync(join(tmpdir(), 'trust-new-key-')), 'key.pem'));
    await publish(ROTATING, storedResult(EXAMPLES, sha(1), ROTATING.repo));
    await publish(ROTATING, storedResult([EXAMPLES[0]!], sha(2), ROTATING.repo), {
      signer: newKey,
      previousSigner: oldKey,
    });
  });

  it('a verifier who pinned the old key follows the rotation the old key signed', async () => {
    const keys = JSON.parse((await object('snapshots/acme/rotating/keys.json'))!.toString()) as {
      rotations: { from: string; to: string }[];
    };
    expect(keys.rotations).toMatchObject([{ from: oldKey.keyId, to: newKey.keyId }]);
    const run = await verify(
      [url(ROTATING.repo, '2.json'), '--fingerprint', oldKey.keyId],
      freshConfig(),
    );
    expect(run.stdout).toContain(`PASS key: signed by pinned key ${newKey.keyId}`);
    expect(run.code).toBe(0);
  });

  it("a rotation not signed by the pinned key is not followed: mallory's key stays unpinned", async () => {
    const mallory = newKeyFor('mallory');
    const two = (await object('snapshots/acme/rotating/2.json'))!;
    const forged = await sealSnapshot(
      {
        source: storedResult(EXAMPLES, sha(3), ROTATING.repo),
        previous: { snapshot: parseSnapshotBytes(two) as Snapshot, sha256: sha256Hex(two) },
        sequence: 3,
        publishedAt: '2026-12-31T00:00:00.000Z',
        aliasIndex,
        repositoryId: ROTATING.id,
        serviceUrl: base,
      },
      mallory,
    );
    const keys = JSON.parse((await object('snapshots/acme/rotating/keys.json'))!.toString()) as {
      rotations: unknown[];
    };
    // She signs "old → mallory" with her own key, since she has no other.
    const selfSigned = await signRotation(
      mallory,
      { keyId: mallory.keyId, publicKeyPem: await mallory.publicKeyPem() },
      '2026-12-30T00:00:00.000Z',
    );
    const claimed = { ...selfSigned, from: oldKey.keyId };
    lies.set('snapshots/acme/rotating/3.json', Buffer.from(forged.bytes));
    lies.set('snapshots/acme/rotating/3.json.sig', Buffer.from(forged.signature));
    lies.set(
      'snapshots/acme/rotating/keys.json',
      Buffer.from(JSON.stringify({ ...keys, rotations: [...keys.rotations, claimed] })),
    );
    try {
      const run = await verify(
        [url(ROTATING.repo, '3.json'), '--fingerprint', oldKey.keyId],
        freshConfig(),
      );
      expect(run.stdout).toContain(`FAIL key: signed by ${mallory.keyId}, which is not pinned`);
      expect(run.code).toBe(1);
    } finally {
      lies.clear();
    }
  });
});

function newKeyFor(who: string): Signer {
  return openLocalSigner(join(mkdtempSync(join(tmpdir(), `trust-${who}-`)), 'key.pem'));
}

describe('the chain belongs to the repository id', () => {
  it('a renamed repository continues its chain; a name registered again starts a new one', async () => {
    const before = { repo: 'acme/old-name', id: 303 };
    const one = await publish(before, storedResult(EXAMPLES, sha(1), before.repo));
    const renamed = { repo: 'acme/new-name', id: 303 };
    const two = await publish(renamed, storedResult(EXAMPLES, sha(2), renamed.repo));
    expect(two).toMatchObject({ status: 'published', sequence: 2 });
    const second = parseSnapshotBytes(
      (await object('snapshots/acme/new-name/2.json'))!,
    ) as Snapshot;
    expect(second.previousSha256).toBe(one.status === 'published' ? one.sha256 : '');
    // Snapshot 1 is carried over beside 2, so the chain verifies under the new name.
    const run = await verify(
      [url(renamed.repo, '2.json'), '--fingerprint', service.keyId],
      freshConfig(),
    );
    expect(run.stdout).toContain('PASS chain: follows snapshot 1');
    expect(run.code).toBe(0);
    // Someone registers acme/old-name after the rename: a new id, a new chain from 1.
    const squatter = await publish(
      { repo: 'acme/old-name', id: 304 },
      storedResult([EXAMPLES[1]!], sha(5), 'acme/old-name'),
    );
    expect(squatter).toMatchObject({ status: 'published', sequence: 1 });
    const first = parseSnapshotBytes((await object('snapshots/acme/old-name/1.json'))!) as Snapshot;
    expect(first).toMatchObject({ repositoryId: 304, previousSha256: null });
  });
});
