/**
 * `.policy-checker.yml` under hostile input: parsing never throws, every problem points at a
 * line of the file (whatever its line endings or byte-order mark), alias bombs and deep
 * nesting end in one clear problem, and a config that is not UTF-8 text is refused by name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../functions/cli/load-config.js';
import { UsageError } from '../../functions/cli/io.js';
import { splitLines } from '../../functions/engine/extract/lines.js';
import { parseConfig, type FileProblem } from '../../functions/engine/index.js';
import { folderWith, runCli } from '../cli/run-cli.js';
import { SEED, anyText, hostile, spanProblem, timed, tokenText, withLineEnds } from './support.js';

const PATH = '.policy-checker.yml';

/** Keys and values a config really has, mixed with anything. */
const patterns = fc.oneof(
  fc.constantFrom(
    '(a+)+$',
    'TODO',
    '(\\w)\\1',
    '(?=x)',
    '(?<!x)y',
    '[',
    'a{',
    '(?i)todo',
    '\\x{e9}',
  ),
  fc.string({ maxLength: 12 }),
);
const customRule = fc.record(
  {
    id: fc.oneof(fc.constantFrom('no-x', 'stale-todo', 'constructor', '__proto__'), fc.string()),
    description: fc.string(),
    severity: fc.constantFrom('error', 'warning', 'notice', 'loud'),
    rationale: fc.string(),
    type: fc.constantFrom('forbidden-pattern', 'unique', 'nope'),
    params: fc.record(
      { pattern: patterns, maxAgeDays: fc.oneof(fc.nat(), fc.string()), fix: fc.string() },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const configValue = fc.record(
  {
    files: fc.oneof(fc.array(fc.string()), fc.jsonValue({ maxDepth: 2 })),
    ignore: fc.array(fc.string()),
    structured: fc.array(fc.string()),
    maxFileSize: fc.oneof(fc.integer(), fc.constantFrom('5MB', '1.5 KiB', '10 TB', 'x')),
    rules: fc.dictionary(
      fc.oneof(fc.constantFrom('stale-todo', 'location-required', 'toString'), fc.string()),
      fc.oneof(
        fc.constantFrom('error', 'off', 'loud'),
        fc.record({
          severity: fc.constantFrom('warning', 'x'),
          params: fc.record({ pattern: patterns }),
        }),
      ),
    ),
    customRules: fc.array(customRule, { maxLength: 3 }),
    waivers: fc.array(
      fc.record({
        rule: fc.string(),
        reason: fc.string(),
        expires: fc.constantFrom('2026-01-01', 'soon'),
      }),
      { maxLength: 2 },
    ),
    failOn: fc.constantFrom('new', 'all', 'some'),
    page: fc.record({ companyName: fc.string(), accentColor: fc.string() }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const configText = fc.oneof(
  configValue.map((v) => stringify(v)),
  configValue.map((v) => JSON.stringify(v, null, 1)),
  anyText,
  tokenText(),
);

function expectInside(problems: readonly FileProblem[], text: string): void {
  const lines = splitLines(text.replace(/^\uFEFF/, ''));
  for (const p of problems) expect(spanProblem(p.span, lines), p.message).toBeNull();
}

describe('parseConfig on arbitrary text', () => {
  it('never throws, and every problem lies inside the file', () => {
    fc.assert(
      fc.property(configText, (text) => {
        const { config, problems } = parseConfig(PATH, text);
        expect(Array.isArray(config.files) && Array.isArray(config.customRules)).toBe(true);
        for (const p of problems) expect(p.ruleId).toBe('config-invalid');
        expectInside(problems, text);
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('puts each problem on the same line with LF, CRLF or lone CR line endings, and after a BOM', () => {
    const where = (text: string) =>
      parseConfig(PATH, text).problems.map((p) => [p.message, p.span]);
    fc.assert(
      fc.property(configValue, (value) => {
        const lf = stringify(value);
        const expected = where(lf);
        // Before: yaml counts only LF, so with lone CRs every problem was on line 1.
        expect(where(withLineEnds(lf, '\r'))).toEqual(expected);
        expect(where(withLineEnds(lf, '\r\n'))).toEqual(expected);
        // Before: the byte-order mark made every column of line 1 one too far.
        expect(where(`\uFEFF${lf}`)).toEqual(expected);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });
});

describe('named attacks on the config', () => {
  it('a "billion laughs" config is one clear problem, not an exception', () => {
    // Before: yaml's alias limit threw a ReferenceError out of parseConfig and ended the check.
    const text = hostile('billion-laughs.policy-checker.yml').toString('utf8');
    const { ms, value } = timed(() => parseConfig(PATH, text));
    expect(ms).toBeLessThan(1_000);
    expect(value.problems).toHaveLength(1);
    expect(value.problems[0]?.message).toMatch(/could not be expanded.*aliases/);
    expect(value.config.files).toEqual(parseConfig(PATH, '').config.files);
  });

  it.each([
    ['flow', `files: ${'['.repeat(200_000)}`],
    ['block', `files:\n${'- '.repeat(100_000)}x`],
  ])('200,000 levels of %s nesting are one clear problem', (_shape, text) => {
    // Before: 783 problems for the flow case, and the yaml parser recursing once per level.
    const { ms, value } = timed(() => parseConfig(PATH, text));
    expect(ms).toBeLessThan(1_000);
    expect(value.problems).toMatchObject([{ message: expect.stringContaining('levels deep') }]);
  });

  it('a mapping used as a key prints no process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      parseConfig(PATH, '? [a]\n: b\nfiles: []\n');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('a cascade of syntax errors is cut to the first ten', () => {
    const { problems } = parseConfig(PATH, `files: [${'"a", {'.repeat(5_000)}`);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThanOrEqual(10);
  });
});

describe('loading a config that is not UTF-8 text', () => {
  const root = (bytes: Buffer): string => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-config-'));
    writeFileSync(join(dir, PATH), bytes);
    return dir;
  };
  const refusal = (bytes: Buffer): string => {
    try {
      loadConfig(root(bytes), undefined);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error('the config was accepted');
  };

  it.each([
    ['binary', 'binary.md', /^\.policy-checker\.yml: .*binary/],
    ['UTF-16 LE with BOM', 'utf16le-bom.md', /^\.policy-checker\.yml: .*UTF-16 \(little-endian\)/],
    ['UTF-16 BE with BOM', 'utf16be-bom.md', /^\.policy-checker\.yml: .*UTF-16 \(big-endian\)/],
    [
      'Latin-1',
      'latin1.md',
      /^\.policy-checker\.yml: .*not valid UTF-8 \(first bad byte on line 6\)/,
    ],
  ])('a %s config is refused, naming the file', (_kind, fixture, message) => {
    // Before: read as UTF-8 with replacement characters and parsed as if it were the config.
    expect(refusal(hostile(fixture))).toMatch(message);
  });

  it('a config over the size limit is refused without being read', () => {
    expect(refusal(Buffer.alloc(5 * 1024 * 1024 + 1, 0x20))).toMatch(
      /over the limit of 5,242,880 bytes/,
    );
  });

  it('an empty config means the defaults; a BOM and CRLF keep problems on their lines', () => {
    expect(loadConfig(root(Buffer.alloc(0)), undefined).problems).toEqual([]);
    const text =
      '\uFEFFfilez: ["*.md"]\r\nrules:\r\n  location-required: warning\r\nignorez: []\r\n';
    const { problems } = loadConfig(root(Buffer.from(text)), undefined);
    // Before: the second unknown key of a mapping was not reported at all.
    expect(problems.map((p) => [/"\w+"/.exec(p.message)?.[0], p.span.line, p.span.column])).toEqual(
      [
        ['"filez"', 1, 1],
        ['"ignorez"', 4, 1],
      ],
    );
  });

  it('the CLI exits 2 and names the config it could not read', () => {
    const run = runCli(
      ['check'],
      folderWith({ 'subprocessors.md': '# Subprocessors\n', [PATH]: hostile('utf16le-bom.md') }),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      '.policy-checker.yml: cannot read the config file: The file is UTF-16',
    );
  });
});
