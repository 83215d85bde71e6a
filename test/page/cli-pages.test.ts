import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../functions/snapshot/snapshot.js';
import { folderWith } from '../cli/run-cli.js';
import { editedYaml, EXAMPLES, runCliAsync } from '../snapshot/support.js';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { expectedRows, expectRows } from './expected-rows.js';
import { parseTable } from './parse-page.js';

const aliasIndex = buildAliasIndex(loadRulePack().aliases);

let root: string;
const out = (file: string): string => join(root, 'out', file);
const args = ['snapshot', 'docs', '--out', 'out', '--key', 'keys/signing.pem'];

beforeAll(async () => {
  root = folderWith({
    'docs/subprocessors.md': EXAMPLES[0]!.text,
    'docs/subprocessors.yml': EXAMPLES[1]!.text,
  });
  expect((await runCliAsync(args, root)).code).toBe(0);
  // A folder written before pages existed: no HTML yet.
  for (const f of readdirSync(join(root, 'out'))) if (/\.(html|css)$/.test(f)) rmSync(out(f));
  writeFileSync(join(root, 'docs/subprocessors.yml'), editedYaml().text);
  expect((await runCliAsync(args, root)).code).toBe(0);
});

describe('policy-check snapshot --out', () => {
  it('writes index.html and <seq>.html beside the snapshots, with their style sheet', () => {
    const files = readdirSync(join(root, 'out'));
    expect(files).toEqual(expect.arrayContaining(['index.html', '1.html', '2.html']));
    const index = readFileSync(out('index.html'), 'utf8');
    const sheet = /<link rel="stylesheet" href="(style-[0-9a-f]{12}\.css)">/.exec(index)?.[1];
    expect(files).toContain(sheet);
    expect(readFileSync(out('2.html'), 'utf8')).toContain('This is version 2 of');
  });

  it('shows exactly the list of the signed JSON', () => {
    const snapshot = JSON.parse(readFileSync(out('2.json'), 'utf8')) as Snapshot;
    const rows = parseTable(readFileSync(out('index.html'), 'utf8'));
    // One row per vendor, however many files list it: fewer rows than signed listings.
    expectRows(rows, expectedRows(snapshot, aliasIndex));
    expect(rows.length).toBeLessThan(snapshot.thirdParties.length);
  });

  it('gives a version published before pages existed its page, as of that version', () => {
    expect(existsSync(out('1.html'))).toBe(true);
    const first = readFileSync(out('1.html'), 'utf8');
    expect(first).toContain('<title>Third parties of local/');
    expect(parseTable(first).flatMap((r) => [r.name, ...r.otherNames])).toContain('Mailgun');
    expect(first).not.toContain('Version 2');
  });
});
