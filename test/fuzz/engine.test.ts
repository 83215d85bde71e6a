/**
 * The whole engine entry, `checkSources`, under hostile input, and the CLI reader that feeds it:
 * no exception whatever the files and config, every finding inside its file, and a clear error
 * naming each file that cannot be read (binary, UTF-16, not UTF-8, too large, not a file).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readSource } from '../../functions/cli/read-source.js';
import { splitLines } from '../../functions/engine/extract/lines.js';
import {
  DEFAULT_MAX_FILE_SIZE,
  checkSources,
  parseConfig,
  type CheckInput,
  type Report,
} from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { NOW } from '../helpers.js';
import { SEED, anyText, hostile, spanProblem, timed, tokenText } from './support.js';

const HOSTILE_DIR = fileURLToPath(new URL('../fixtures/hostile/', import.meta.url));
const rulePack = loadRulePack();

const paths = fc.constantFrom(
  'subprocessors.md',
  'docs/vendors.yml',
  'third-parties.json',
  'privacy.txt',
  'a/b/sub-processors.yaml',
);
const inputs = fc.array(fc.record({ path: paths, text: fc.oneof(anyText, tokenText(80)) }), {
  minLength: 1,
  maxLength: 3,
});
const configs = fc.oneof(
  fc.constant(''),
  fc
    .record({
      pattern: fc.oneof(
        fc.constantFrom('(a+)+$', 'TODO', '\\p{L}+', '(?i)vendor', '^', 'x*', '😀'),
        fc.string({ maxLength: 6 }),
      ),
      severity: fc.constantFrom('error', 'warning', 'off'),
      structured: fc.boolean(),
    })
    .map(({ pattern, severity, structured }) =>
      stringify({
        ...(structured ? { structured: ['**/*.{yml,yaml,json}'] } : {}),
        rules: { 'location-required': severity },
        customRules: [
          {
            id: 'no-pattern',
            description: 'd',
            severity: 'warning',
            rationale: 'r',
            type: 'forbidden-pattern',
            params: { pattern, maxAgeDays: 1, fix: 'f' },
          },
        ],
        waivers: [
          { rule: 'gdpr-link-required', reason: 'asked the vendor', expires: '2026-12-31' },
        ],
      }),
    ),
  anyText,
);

/** Every finding of every file inside that file's lines; the config's inside the config. */
function expectFindingsInside(report: Report, texts: Map<string, string>): void {
  for (const file of report.files) {
    const text = texts.get(file.path);
    expect(text, `report names a file it was not given: ${file.path}`).toBeDefined();
    const lines = splitLines(text ?? '');
    for (const f of file.findings)
      expect(spanProblem(f, lines), `${file.path} ${f.ruleId}`).toBeNull();
    for (const r of file.findings.flatMap((f) => f.related)) {
      const related = texts.get(r.path);
      if (related !== undefined)
        expect(r.line >= 1 && r.line <= splitLines(related).length).toBe(true);
    }
  }
}

describe('checkSources on arbitrary files and configs', () => {
  it('never throws, and every finding lies inside its file', () => {
    fc.assert(
      fc.property(inputs, configs, fc.option(fc.nat(400)), (files, configText, age) => {
        // Later files replace earlier ones of the same path, as on a disk.
        const byPath = new Map(files.map((f) => [f.path, f.text]));
        const { config, problems } = parseConfig('.policy-checker.yml', configText);
        const sources: CheckInput[] = [...byPath].map(([path, text]) => ({ path, text }));
        const report = checkSources(sources, {
          rulePack,
          config,
          configProblems: problems,
          now: NOW,
          lineAge: () => age ?? undefined,
          baseline: { label: 'main', inputs: sources.slice(1) },
        });
        expectFindingsInside(report, new Map([...byPath, ['.policy-checker.yml', configText]]));
        const counted = report.files.flatMap((f) => f.findings);
        expect(report.summary.errors).toBe(
          counted.filter((f) => f.severity === 'error').length +
            report.files.reduce((n, f) => n + f.errors.length, 0),
        );
      }),
      { seed: SEED, numRuns: 120 },
    );
  });

  it('a single line as long as the size limit allows is checked in linear time, its findings inside it', () => {
    // A 10 MB line is over the 5 MiB default and refused unread (below); this is the longest
    // Markdown line a default check parses. About 1.5 s in plain node, most of it micromark's;
    // the test timeout is the bound, as CI runs two files at once and a wall-clock limit here
    // would measure the neighbour. (YAML and JSON take 10 MB lines in parsers.test.ts.)
    const name = 'a'.repeat(DEFAULT_MAX_FILE_SIZE - 100);
    const text = `# Subprocessors\n\n| Name | Purpose |\n|---|---|\n| ${name} | x |\n`;
    const report = checkSources([{ path: 'subprocessors.md', text }], { rulePack, now: NOW });
    expect(report.summary.thirdParties).toBe(1);
    expectFindingsInside(report, new Map([['subprocessors.md', text]]));
  });
});

describe('the CLI reader names every file it cannot check', () => {
  const read = (name: string, path = name): CheckInput =>
    readSource(join(HOSTILE_DIR, name), path, DEFAULT_MAX_FILE_SIZE);
  const errorOf = (input: CheckInput): string => ('error' in input ? input.error.message : 'read');

  it.each([
    ['binary.md', /binary, not text/],
    ['utf16le-bom.md', /UTF-16 \(little-endian\), not UTF-8/],
    ['utf16be-bom.md', /UTF-16 \(big-endian\), not UTF-8/],
    ['latin1.md', /not valid UTF-8 \(first bad byte on line 6\)/],
    ['missing.md', /No such file/],
  ])('%s is reported under its own path, with what to do', (name, message) => {
    const input = read(name, `docs/${name}`);
    expect(errorOf(input)).toMatch(message);
    const report = checkSources([input], { rulePack, now: NOW });
    expect(report.files).toMatchObject([
      { path: `docs/${name}`, errors: [{ ruleId: 'file-unreadable' }], findings: [] },
    ]);
  });

  it('invalid UTF-8 bytes anywhere are refused, with the line of the first', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ maxLength: 20 }).map((s) => s.replace(/[\r\n\0]/g, '')),
          { minLength: 1, maxLength: 8 },
        ),
        fc.nat(),
        fc.constantFrom(
          [0xff],
          [0xc3, 0x28],
          [0xe2, 0x82],
          [0xed, 0xa0, 0x80],
          [0xf8, 0x88, 0x80, 0x80, 0x80],
        ),
        (lines, at, bad) => {
          const line = at % lines.length;
          const bytes = Buffer.concat(
            lines.map((l, i) =>
              Buffer.concat([
                Buffer.from(l),
                ...(i === line ? [Buffer.from(bad)] : []),
                Buffer.from('\n'),
              ]),
            ),
          );
          const dir = mkdtempSync(join(tmpdir(), 'policy-utf8-'));
          writeFileSync(join(dir, 'f.md'), bytes);
          const input = readSource(join(dir, 'f.md'), 'f.md', DEFAULT_MAX_FILE_SIZE);
          expect(errorOf(input)).toContain(`first bad byte on line ${line + 1}`);
        },
      ),
      { seed: SEED, numRuns: 40 },
    );
  });

  it.each([
    ['lf.md', 'bom-crlf.md', 'subprocessors.md'],
    ['lf.yml', 'bom-crlf.yml', 'subprocessors.yml'],
  ])(
    'a UTF-8 BOM and CRLF endings (%s vs %s) leave every finding where it was',
    (lf, crlf, path) => {
      const where = (input: CheckInput) =>
        checkSources([input], { rulePack, now: NOW }).files[0]?.findings.map((f) => [
          f.ruleId,
          f.line,
          f.column,
          f.endLine,
          f.endColumn,
          f.thirdParty,
        ]);
      const expected = where(read(lf, path));
      expect(expected?.length).toBeGreaterThan(2);
      expect(where(read(crlf, path))).toEqual(expected);
      expect(hostile(crlf).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    },
  );

  it.each([
    ['one byte over the limit', DEFAULT_MAX_FILE_SIZE + 1, '5,242,881'],
    ['a 10 MB single line', 10_000_000, '10,000,000'],
  ])('a file %s is refused from its size alone', (_what, size, shown) => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-large-'));
    writeFileSync(join(dir, 'vendors.md'), Buffer.alloc(size, 0x61));
    const { ms, value: input } = timed(() =>
      readSource(join(dir, 'vendors.md'), 'vendors.md', DEFAULT_MAX_FILE_SIZE),
    );
    expect(ms).toBeLessThan(1_000);
    expect(input).toEqual({
      path: 'vendors.md',
      error: {
        ruleId: 'file-too-large',
        message: `The file is ${shown} bytes, over the limit of 5,242,880 bytes; split it, or raise maxFileSize in .policy-checker.yml`,
      },
    });
  });

  it('a folder is named as one; a pipe is refused instead of read for ever', () => {
    expect(errorOf(readSource(HOSTILE_DIR, 'hostile', DEFAULT_MAX_FILE_SIZE))).toMatch(/folder/);
    const dir = mkdtempSync(join(tmpdir(), 'policy-fifo-'));
    try {
      execFileSync('mkfifo', [join(dir, 'vendors.md')]);
    } catch {
      return; // no mkfifo here (Windows): nothing to test
    }
    // Before: statSync said 0 bytes, and readFileSync waited for a writer that never came.
    const input = readSource(join(dir, 'vendors.md'), 'vendors.md', DEFAULT_MAX_FILE_SIZE);
    expect(errorOf(input)).toMatch(/not a regular file/);
  });
});
