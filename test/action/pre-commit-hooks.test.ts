import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILES, DEFAULT_IGNORE, globMatcher } from '../../functions/engine/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  pass_filenames?: boolean;
  [key: string]: unknown;
}

const hooks = parse(readFileSync(`${root}.pre-commit-hooks.yaml`, 'utf8')) as Hook[];
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  bin: Record<string, string>;
};

/** pre-commit's manifest keys (pre-commit/clientlib.py MANIFEST_HOOK_DICT). */
const KNOWN_KEYS = new Set([
  'id',
  'name',
  'entry',
  'language',
  'alias',
  'files',
  'exclude',
  'types',
  'types_or',
  'exclude_types',
  'additional_dependencies',
  'args',
  'always_run',
  'fail_fast',
  'pass_filenames',
  'description',
  'language_version',
  'log_file',
  'require_serial',
  'stages',
  'verbose',
  'minimum_pre_commit_version',
]);

/** pre-commit's regexes are Python's: a leading (?i) is its case-insensitive flag. */
function pythonRegex(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares one node hook with the keys pre-commit requires, and no unknown key', () => {
    expect(hooks.map((h) => h.id)).toEqual(['policy-check']);
    for (const hook of hooks) {
      for (const key of ['id', 'name', 'entry', 'language']) expect(hook[key]).toBeTruthy();
      expect(Object.keys(hook).filter((k) => !KNOWN_KEYS.has(k))).toEqual([]);
      expect(hook.language).toBe('node');
    }
  });

  it('runs this package’s own bin on the whole repository', () => {
    const [bin, command, ...rest] = hooks[0]!.entry.split(' ');
    expect(Object.keys(pkg.bin)).toContain(bin);
    expect(command).toBe('check');
    expect(rest).toEqual([]);
    expect(hooks[0]!.pass_filenames).toBe(false);
  });

  it('starts on the files the default discovery checks and on the config, and on nothing else', () => {
    const files = pythonRegex(hooks[0]!.files!);
    const isPolicy = globMatcher(DEFAULT_FILES, { nocase: true });
    const isIgnored = globMatcher(DEFAULT_IGNORE, { nocase: true });
    const paths = [
      'docs/subprocessors.md',
      'Sub-Processors.MD',
      '_data/sub_processors.yml',
      'legal/third-party-services.yaml',
      'vendors.json',
      'site/privacy.mdx',
      'docs/privacy/index.md',
      'README.md',
      'src/vendor.ts',
      'vendor/lib.js',
      'docs/subprocessors.txt',
      'policies.md',
    ];
    for (const path of paths)
      expect(files.test(path), path).toBe(isPolicy(path) && !isIgnored(path));
    expect(files.test('.policy-checker.yml')).toBe(true);
    expect(files.test('sub/.policy-checker.yaml')).toBe(true);
    expect(files.test('policy-checker.yml')).toBe(false);
  });
});
