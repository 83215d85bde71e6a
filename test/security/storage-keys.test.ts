import { posix } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckJob, type CheckJob } from '../../functions/jobs/check-job.js';
import type { LocalJobQueue } from '../../functions/jobs/local-job-queue.js';
import { parsePublishEvent } from '../../functions/snapshot/publish-commit.js';
import {
  FILE_NAMES,
  parseRepository,
  repositoryPrefix,
  signatureFile,
  snapshotFile,
} from '../../functions/snapshot/snapshot-paths.js';
import { checkRunKey } from '../../functions/store/check-runs.js';
import { commitJobKey, deliveryKey } from '../../functions/store/deliveries.js';
import { KeyPartError } from '../../functions/store/key-parts.js';
import { overflowKey } from '../../functions/store/result-overflow.js';
import {
  commitKey,
  commitKeyPrefix,
  historyPk,
  latestKey,
} from '../../functions/store/result-keys.js';
import { snapshotSequencePk } from '../../functions/store/snapshot-sequence.js';
import { handleDelivery, type DeliveryServices } from '../../functions/webhook/handle-delivery.js';
import { jobsFromEvent } from '../../functions/webhook/jobs-from-event.js';
import { startLocalEngines, type LocalEngines } from '../support/local-engines.js';
import { webhookServicesOn } from '../support/webhook-services.js';
import {
  example,
  exampleAction,
  signedRequest,
  type Payload,
} from '../webhook/webhook-examples.js';

/**
 * Security property 1 (issue 9): repository owners and names, commit shas, branch names and
 * delivery ids are checked (functions/store/key-parts.ts) before they become DynamoDB or S3 keys.
 * Every key builder either refuses a value with a KeyPartError or builds a key that stays inside
 * its prefix and reads back to exactly the parts it was built from; the boundaries (webhook,
 * queue message, publish event) refuse the same values with a clear message.
 */

const SHA = '6113728f27ae82c7b1a177c8d03f9e96e0adf246';
const RUNS = 600;

/** The values the issue names, and their cousins. */
const HOSTILE = [
  '../x',
  '..',
  '.',
  'a/b/c',
  '#',
  'x#COMMIT#y',
  '%2e%2e',
  '%2F',
  'a\u0000b',
  'a\nb',
  'a\rb',
  'a\\b',
  'a b',
  '',
  'x'.repeat(300),
  'é',
];

/** Branch names git itself refuses (`git check-ref-format --branch`); `#` and `%` it allows. */
const HOSTILE_BRANCHES = [
  '../x',
  '..',
  '.',
  'a\u0000b',
  'a\nb',
  'a\\b',
  'a b',
  'x'.repeat(300),
  'a//b',
  '/a',
  'a/',
  'a.lock',
  '.hidden',
  '@',
  'a@{1}',
  'a~1',
  'a^',
  'a:b',
  'a?',
  'a*',
  'a[b',
];

/** Fragments that have escaped keys somewhere: separators, dots, encodings, control characters. */
const fragment = fc.constantFrom(
  '..',
  '.',
  '/',
  '#',
  '%2e',
  '%2F',
  '\u0000',
  '\n',
  '\\',
  ' ',
  '-',
  '_',
  'a',
  'Z',
  '0',
  'REPO#',
  'COMMIT#',
  'é',
  '\u2028',
);
const owner = fc.stringMatching(/^[A-Za-z0-9]{1,20}(?:-[A-Za-z0-9]{1,9}){0,2}$/);
const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/);
const part = fc.oneof(
  owner,
  name,
  fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...HOSTILE),
  fc.integer({ min: 30, max: 300 }).map((n) => 'a'.repeat(n)),
);
const repo = fc.oneof(
  { arbitrary: fc.tuple(owner, name).map(([o, n]) => `${o}/${n}`), weight: 2 },
  fc.tuple(part, part).map(([o, n]) => `${o}/${n}`),
  part,
  fc.tuple(part, part, part).map((parts) => parts.join('/')),
);
const sha = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{40}$/),
  fc.stringMatching(/^[0-9a-f]{64}$/),
  fc.stringMatching(/^[0-9a-fA-F]{38,66}$/),
  part,
);
const branch = fc.oneof(
  fc.stringMatching(/^[a-z0-9]{1,10}(?:\/[a-z0-9-]{1,10}){0,3}$/),
  fc.array(fragment, { minLength: 1, maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  part,
);

const OWNER_PART = /^[A-Za-z0-9-]{1,39}$/;
const NAME_PART = /^[A-Za-z0-9._-]{1,100}$/;
const SHA_PART = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Runs a key builder; a refusal must be a KeyPartError with a short, printable message. */
function built<T>(build: () => T): T | null {
  try {
    return build();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyPartError);
    const message = (error as Error).message;
    expect(message.length).toBeLessThan(300);
    // eslint-disable-next-line no-control-regex
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    return null;
  }
}

/** `owner/name` read back from the part of a key after `prefix`, checked part by part. */
function repoAfter(key: string, prefix: string, rest: string): string {
  expect(key.startsWith(prefix)).toBe(true);
  expect(key.endsWith(rest)).toBe(true);
  const inner = key.slice(prefix.length, key.length - rest.length);
  const [owner, name, ...more] = inner.split('/');
  expect(more).toEqual([]);
  expect(owner).toMatch(OWNER_PART);
  expect(name).toMatch(NAME_PART);
  expect(['.', '..']).not.toContain(name);
  return inner;
}

/** An S3 key inside `prefix`, with nothing a path or URL normaliser would change. */
function expectS3KeyInside(key: string, prefix: string): void {
  expect(key.startsWith(prefix)).toBe(true);
  expect(posix.normalize(key)).toBe(key);
  expect(decodeURIComponent(key)).toBe(key);
  expect(key).toMatch(/^[A-Za-z0-9._/-]+$/);
  const segments = key.split('/');
  // A folder prefix ends with its `/`: only its last segment may be empty.
  if (key.endsWith('/')) segments.pop();
  for (const segment of segments) expect(['', '.', '..']).not.toContain(segment);
}

describe('every key builder keeps accepted values inside its prefix', () => {
  it('DynamoDB keys: REPO#, LATEST, HISTORY#, RUN#, COMMITJOB#, SNAPSHOT#, DELIVERY#', () => {
    let accepted = 0;
    fc.assert(
      fc.property(repo, sha, branch, part, (r, s, b, id) => {
        const commit = built(() => commitKey(r, s));
        if (commit) {
          accepted++;
          expect(repoAfter(commit.pk!.S!, 'REPO#', '')).toBe(r);
          expect(commit.sk!.S!.slice('COMMIT#'.length)).toMatch(SHA_PART);
          expect(commit.sk!.S!).toBe(`COMMIT#${s}`);
        }
        const latest = built(() => latestKey(r));
        if (latest) expect(repoAfter(latest.sk!.S!, 'REPO#', '')).toBe(r);
        const history = built(() => historyPk(r, b));
        if (history) {
          // The repository has no `#`, so the branch is exactly what follows the second one.
          const [kind, owned, ...tail] = history.split('#');
          expect(kind).toBe('HISTORY');
          expect(owned).toBe(r);
          expect(tail.join('#')).toBe(b);
          // eslint-disable-next-line no-control-regex
          expect(b).not.toMatch(/[\u0000-\u0020\u007f]|\.\./);
        }
        const run = built(() => checkRunKey(r, s));
        if (run) {
          expect(repoAfter(run.pk!.S!, 'REPO#', '')).toBe(r);
          expect(run.sk!.S!).toBe(`RUN#${s}`);
        }
        const [owner = '', name = ''] = r.split('/');
        const job = built(() => commitJobKey({ repo: { owner, name }, sha: s }));
        if (job) expect(repoAfter(job.pk!.S!, 'COMMITJOB#', `#${s}`)).toBe(`${owner}/${name}`);

        const delivery = built(() => deliveryKey(id));
        if (delivery) {
          expect(delivery.pk!.S!).toBe(`DELIVERY#${id}`);
          expect(id).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
        }
        const prefix = built(() => commitKeyPrefix(r, s.slice(0, 7)));
        if (prefix) expect(prefix.sk!.S!).toMatch(/^COMMIT#[0-9a-f]{1,64}$/);
      }),
      { seed: 9_005, numRuns: RUNS },
    );
    // The generators reach both sides: some keys are built, most hostile values are refused.
    expect(accepted).toBeGreaterThan(RUNS / 20);
  });

  it('the snapshot chain key is SNAPSHOT#ID#<repository id>: a positive integer, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER + 2)),
        (id) => {
          const key = built(() => snapshotSequencePk(id));
          if (Number.isSafeInteger(id) && id >= 1) expect(key).toBe(`SNAPSHOT#ID#${id}`);
          else expect(key).toBeNull();
        },
      ),
      { seed: 9_006, numRuns: RUNS },
    );
    // A name is no longer a chain's key: a re-registered name must not continue a deleted repository's chain.
    expect(built(() => snapshotSequencePk('acme/site' as unknown as number))).toBeNull();
  });

  it('S3 keys: results/<owner>/<name>/<sha>.json.gz and snapshots/<owner>/<name>/…', () => {
    let accepted = 0;
    fc.assert(
      fc.property(repo, sha, (r, s) => {
        const overflow = built(() => overflowKey('results/', r, s));
        if (overflow) {
          accepted++;
          expectS3KeyInside(overflow, 'results/');
          expect(overflow.split('/')).toHaveLength(4);
          expect(repoAfter(overflow, 'results/', `/${s}.json.gz`)).toBe(r);
        }
        let parsed: ReturnType<typeof parseRepository> | null = null;
        try {
          parsed = parseRepository(r);
        } catch (error) {
          expect((error as Error).message).toMatch(/is not a GitHub owner\/name/);
        }
        // The results store and the snapshots accept exactly the same repositories.
        expect(parsed === null).toBe(built(() => latestKey(r)) === null);
        const [owner = '', name = ''] = r.split('/');
        const prefix = built(() => repositoryPrefix({ owner, name }));
        if (prefix) {
          expectS3KeyInside(prefix, 'snapshots/');
          expect(repoAfter(prefix, 'snapshots/', '/')).toBe(`${owner}/${name}`);
          for (const file of [...Object.values(FILE_NAMES), snapshotFile(7), signatureFile(7)])
            expectS3KeyInside(`${prefix}${file}`, prefix);
        }
      }),
      { seed: 9_006, numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(RUNS / 20);
  });

  it.each(HOSTILE)('refuses %j as an owner, a name, a sha and a delivery id', (value) => {
    expect(() => commitKey(`${value}/site`, SHA)).toThrow(KeyPartError);
    expect(() => commitKey(`acme/${value}`, SHA)).toThrow(KeyPartError);
    expect(() => checkRunKey('acme/site', value)).toThrow(KeyPartError);
    expect(() => overflowKey('results/', `acme/${value}`, SHA)).toThrow(KeyPartError);
    expect(() => repositoryPrefix({ owner: 'acme', name: value })).toThrow(KeyPartError);
    expect(() => deliveryKey(value)).toThrow(KeyPartError);
  });

  it.each(HOSTILE_BRANCHES)('refuses the branch %j in a history key', (value) => {
    expect(() => historyPk('acme/site', value)).toThrow(KeyPartError);
  });
});

/** pull_request.opened from GitHub's examples, as an App delivery. */
function pullRequest(change: (payload: Payload) => void): Payload {
  const payload = example('pull_request', (p) => p.action === 'opened');
  payload.installation ??= { id: 1 };
  change(payload);
  return payload;
}

/** A push to `refs/heads/master` of SHA, from GitHub's example, with one field changed. */
function push(change: (payload: Payload) => void): Payload {
  const payload = example('push', (p) => p.ref === 'refs/heads/master' && !!p.installation);
  change(payload);
  return payload;
}

describe('the boundaries refuse what the key builders would', () => {
  it('jobsFromEvent: every job it makes has keys inside their prefixes, else it refuses', () => {
    fc.assert(
      fc.property(part, part, branch, sha, (owner, name, ref, commit) => {
        const payload = push((p) => {
          p.repository.owner.login = owner;
          p.repository.name = name;
          p.ref = `refs/heads/${ref}`;
          p.after = commit;
        });
        const outcome = jobsFromEvent('push', 'd-1', payload);
        if (outcome.kind !== 'jobs') {
          expect(['ignore', 'invalid']).toContain(outcome.kind);
          return;
        }
        for (const job of outcome.jobs) {
          const r = `${job.repo.owner}/${job.repo.name}`;
          expect(repoAfter(commitJobKey(job).pk!.S!, 'COMMITJOB#', `#${job.sha}`)).toBe(r);
          expect(repoAfter(commitKey(r, job.sha).pk!.S!, 'REPO#', '')).toBe(r);
          // And the consumer reads it back unchanged.
          expect(parseCheckJob(JSON.stringify(job))).toEqual(job);
        }
      }),
      { seed: 9_007, numRuns: 300 },
    );
  });

  const refused = (outcome: ReturnType<typeof jobsFromEvent>) =>
    expect(outcome).toMatchObject({ kind: 'invalid', reason: expect.any(String) });

  it.each(HOSTILE)('jobsFromEvent refuses %j as a repository, a sha or a delivery id', (value) => {
    // An empty field is a missing one: ignored (202), as before, and no job either.
    if (value !== '') {
      refused(
        jobsFromEvent(
          'push',
          'd-1',
          push((p) => (p.repository.name = value)),
        ),
      );
      refused(
        jobsFromEvent(
          'push',
          'd-1',
          push((p) => (p.repository.owner.login = value)),
        ),
      );
      refused(
        jobsFromEvent(
          'push',
          'd-1',
          push((p) => (p.after = value)),
        ),
      );
      refused(
        jobsFromEvent(
          'pull_request',
          'd-1',
          pullRequest((p) => (p.pull_request.base.sha = value)),
        ),
      );
    }
    const installation = exampleAction('installation', 'created');
    installation.repositories = [{ id: 1, full_name: `acme/${value}` }];
    refused(jobsFromEvent('installation', 'd-1', installation));
    if (value !== '')
      refused(
        jobsFromEvent(
          'push',
          value,
          push(() => {}),
        ),
      );
  });

  it.each(HOSTILE_BRANCHES)('jobsFromEvent refuses the branch %j', (value) => {
    refused(
      jobsFromEvent(
        'push',
        'd-1',
        push((p) => (p.ref = `refs/heads/${value}`)),
      ),
    );
    refused(
      jobsFromEvent(
        'push',
        'd-1',
        push((p) => (p.repository.default_branch = value)),
      ),
    );
    refused(
      jobsFromEvent(
        'pull_request',
        'd-1',
        pullRequest((p) => (p.pull_request.head.ref = value)),
      ),
    );
  });

  it('installation payloads: "a/../b" and "a/b/c" are refused, not cut into owner "a", name "../b"', () => {
    for (const fullName of ['a/../b', 'a/b/c', '../b', 'a/b%2F..']) {
      const payload = exampleAction('installation', 'created');
      payload.repositories = [{ id: 1, full_name: fullName }];
      expect(jobsFromEvent('installation', 'd-1', payload)).toMatchObject({ kind: 'invalid' });
    }
  });

  const JOB: CheckJob = {
    v: 1,
    deliveryId: 'd-1',
    trigger: 'push',
    repo: { owner: 'acme', name: 'site', id: 1 },
    installationId: 1,
    sha: SHA,
    ref: 'refs/heads/main',
    pr: { number: 1, baseSha: SHA, mergeBaseSha: null },
    defaultBranch: 'main',
    rerun: false,
  };

  const refuses = (job: unknown) =>
    expect(() => parseCheckJob(JSON.stringify(job))).toThrow(/^check job: /);

  it.each(HOSTILE)('parseCheckJob refuses a queued job with %j in a key field', (value) => {
    expect(parseCheckJob(JSON.stringify(JOB))).toEqual(JOB);
    refuses({ ...JOB, repo: { ...JOB.repo, owner: value } });
    refuses({ ...JOB, repo: { ...JOB.repo, name: value } });
    refuses({ ...JOB, sha: value });
    refuses({ ...JOB, pr: { ...JOB.pr, baseSha: value } });
    refuses({ ...JOB, pr: { ...JOB.pr, mergeBaseSha: value } });
    refuses({ ...JOB, deliveryId: value });
  });

  it.each(HOSTILE_BRANCHES)('parseCheckJob refuses the branch %j', (value) => {
    refuses({ ...JOB, ref: `refs/heads/${value}` });
    refuses({ ...JOB, defaultBranch: value });
  });

  it('the publish event refuses a repository or sha that would escape snapshots/<owner>/<repo>/', () => {
    for (const value of HOSTILE) {
      expect(() => parsePublishEvent({ repo: `acme/${value}`, sha: SHA })).toThrow(
        /not a GitHub owner\/name/,
      );
      expect(() => parsePublishEvent({ pk: `REPO#acme/${value}`, sk: `COMMIT#${SHA}` })).toThrow();
    }
    expect(() => parsePublishEvent({ repo: 'acme/site', sha: '../x' })).toThrow(/commit sha/);
  });
});

describe('the webhook answers 400 and writes nothing for such values (dynalite)', () => {
  let engines: LocalEngines;
  let services: DeliveryServices;
  let queue: LocalJobQueue;
  let table: string;

  beforeAll(async () => {
    engines = await startLocalEngines();
    ({ services, queue, table } = await webhookServicesOn(engines));
  });
  afterAll(() => engines.close());

  const cases: [string, () => ReturnType<typeof signedRequest>][] = [
    ...HOSTILE.filter((v) => v !== '').map(
      (value) =>
        [
          `repository.name ${JSON.stringify(value)}`,
          () =>
            signedRequest(
              'push',
              push((p) => (p.repository.name = value)),
            ),
        ] as [string, () => ReturnType<typeof signedRequest>],
    ),
    [
      'owner "../.."',
      () =>
        signedRequest(
          'push',
          push((p) => (p.repository.owner.login = '../..')),
        ),
    ],
    [
      'branch "a..b"',
      () =>
        signedRequest(
          'push',
          push((p) => (p.ref = 'refs/heads/a..b')),
        ),
    ],
    [
      'delivery id "a#b"',
      () =>
        signedRequest(
          'push',
          push(() => {}),
          { deliveryId: 'a#b' },
        ),
    ],
    [
      'a 4 KB delivery id',
      () =>
        signedRequest(
          'push',
          push(() => {}),
          { deliveryId: 'x'.repeat(4096) },
        ),
    ],
    [
      'installation full_name "a/../b"',
      () => {
        const payload = exampleAction('installation', 'created');
        payload.repositories = [{ id: 1, full_name: 'a/../b' }];
        return signedRequest('installation', payload);
      },
    ],
  ];

  it.each(cases)('%s: 400, no item in the table, no job', async (_, request) => {
    const answer = await handleDelivery(request(), services);
    expect(answer.statusCode).toBe(400);
    expect(answer.body.status).toBe('rejected');
    expect(answer.body.reason).toMatch(/must be|not allowed|is not/);
    const { Count } = await engines.dynamo.send(new ScanCommand({ TableName: table }));
    expect(Count).toBe(0);
    expect(await queue.pending()).toEqual([]);
  });

  it('the same push with good values is accepted (the table above is not refusing everything)', async () => {
    const answer = await handleDelivery(
      signedRequest(
        'push',
        push(() => {}),
      ),
      services,
    );
    expect(answer.statusCode).toBe(202);
    expect(await queue.pending()).toHaveLength(1);
  });
});
