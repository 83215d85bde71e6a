import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface LockPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  engines: { node: string };
  devEngines: { runtime: { name: string; version: string } };
};
const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
  packages: Record<string, LockPackage>;
};
/** The node the lock pins as a devDependency: what `npm test`, `npm start` and CI run on. */
const lockedNode = lock.packages['node_modules/node']?.version ?? '';
/** The oldest Node a user may run the installed CLI on, and the oldest a developer may use. */
const lowestForUsers = semver.minVersion(pkg.engines.node)?.version ?? '';
const lowestForDevelopers = semver.minVersion(pkg.devEngines.runtime.version)?.version ?? '';

/** Installed packages whose `engines.node` would make npm warn EBADENGINE on `version`. */
function refusing(version: string, include: (entry: LockPackage) => boolean): string[] {
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (!path || !range || !include(entry) || semver.validRange(range) === null) return [];
    return semver.satisfies(version, range)
      ? []
      : [`${path.replace(/^.*node_modules\//, '')} needs node ${range}`];
  });
}

describe('the Node.js this project runs on', () => {
  it('pins the functions’ runtime, Node.js 24, as the node devDependency', () => {
    // infra/ deploys the functions on Node.js 24; the tests must run on what production runs.
    expect(semver.major(lockedNode)).toBe(24);
    expect(semver.satisfies(lockedNode, pkg.engines.node)).toBe(true);
    expect(semver.satisfies(lockedNode, pkg.devEngines.runtime.version)).toBe(true);
  });

  it('asks users for no Node older than the runtime dependencies need (no EBADENGINE)', () => {
    expect(refusing(lowestForUsers, (e) => e.dev !== true)).toEqual([]);
  });

  it('asks developers for no Node older than any locked package needs, the locked node included', () => {
    expect(refusing(lowestForDevelopers, () => true)).toEqual([]);
    expect(refusing(lockedNode, () => true)).toEqual([]);
    // A developer's floor above the users' one, never below: the dev tools are a superset.
    expect(semver.gte(lowestForDevelopers, lowestForUsers)).toBe(true);
  });

  it('keeps the README’s "Node.js N or later" lines true: the users’ or the developers’ floor', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const said = [...readme.matchAll(/Node\.js (\d+(?:\.\d+)?) or later/g)].map(
      (m) => semver.coerce(m[1])?.version,
    );
    expect(said.length).toBeGreaterThan(1);
    for (const floor of said) expect([lowestForUsers, lowestForDevelopers]).toContain(floor);
  });

  it.runIf(process.env.npm_lifecycle_event === 'test')(
    'runs npm test on the locked node, not on whatever Node the machine has',
    () => {
      expect(process.version).toBe(`v${lockedNode}`);
    },
  );

  it('builds AWS SDK clients on the locked node without the SDK’s Node-version warning', () => {
    const node = `${root}node_modules/.bin/node`;
    expect(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${lockedNode}`);
    // The SDK warns from a client's constructor when Node is older than it supports.
    const script = `
      import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
      import { S3Client } from '@aws-sdk/client-s3';
      new DynamoDBClient({ region: 'eu-west-1' });
      new S3Client({ region: 'eu-west-1' });
      console.log('built');`;
    const run = spawnSync(node, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.stdout.trim()).toBe('built');
    expect(run.stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
  });
});
