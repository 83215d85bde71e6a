/**
 * Patterns from `.policy-checker.yml` run on RE2 (re2js): linear time whatever the pattern, the
 * same engine validates them, and what RE2 cannot compile is a config error at the pattern's
 * line that says why (no backreferences, no lookaround).
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { splitLines } from '../../functions/engine/extract/lines.js';
import picomatch from 'picomatch';
import { compileGlob, GlobError } from '../../functions/engine/config/glob.js';
import {
  checkSources,
  parseConfig,
  selectPolicyPaths,
  unsafePathReason,
  type Report,
} from '../../functions/engine/index.js';
import { parseMarkdownPolicy } from '../../functions/engine/parse/markdown.js';
import { forbiddenPattern } from '../../functions/engine/rule-types/forbidden-pattern.js';
import { validateRuleDefinition } from '../../functions/engine/rules/rule-pack.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { NOW, runRuleType } from '../helpers.js';
import { SEED, hostile, spanProblem, timed } from './support.js';

const CONFIG = '.policy-checker.yml';
const rulePack = loadRulePack();

function checkWith(configText: string, text: string): Report {
  const { config, problems } = parseConfig(CONFIG, configText);
  return checkSources([{ path: 'subprocessors.md', text }], {
    rulePack,
    config,
    configProblems: problems,
    now: NOW,
  });
}

const configProblems = (report: Report) =>
  report.files
    .find((f) => f.path === CONFIG)
    ?.findings.filter((f) => f.ruleId === 'config-invalid') ?? [];

function customRule(pattern: string) {
  return {
    id: 'custom',
    description: 'd',
    severity: 'warning',
    rationale: 'r',
    type: 'forbidden-pattern',
    params: { pattern, maxAgeDays: 0, fix: 'f' },
  };
}

/** Whether the rule pack's validation takes `pattern` for a forbidden-pattern rule. */
function validates(pattern: string): boolean {
  try {
    validateRuleDefinition(customRule(pattern), 'customRules[0]');
    return true;
  } catch {
    return false;
  }
}

describe('catastrophic patterns run in linear time', () => {
  it('`(a+)+$` from a config file, on a line of 100,000 a’s and a "!", ends in under two seconds (RegExp: never)', () => {
    // With RegExp this never ends: 2^100000 ways to split the a's. Before, it was RegExp.
    const text = `# Subprocessors\n\n${'a'.repeat(100_000)}!\n${'a'.repeat(50)}\n`;
    const { ms, value: report } = timed(() =>
      checkWith(hostile('catastrophic.policy-checker.yml').toString('utf8'), text),
    );
    expect(ms).toBeLessThan(2_000);
    const found = report.files[0]?.findings.filter((f) => f.ruleId === 'no-runaway-as');
    expect(found?.map((f) => [f.line, f.column, f.endColumn])).toEqual([[4, 1, 51]]);
  });

  it.each(['(a|aa)+$', '(a*)*b', '(x+x+)+y', '(.*a){12}', '(\\w+\\s?)*$'])(
    '%s on a hostile 100 KB line ends in linear time',
    (pattern) => {
      const line = `${'a'.repeat(100_000)}!`;
      const document = parseMarkdownPolicy({ path: 'x.md', text: line });
      const { ms } = timed(() =>
        runRuleType(forbiddenPattern, { pattern, maxAgeDays: 0, fix: 'f' }, document),
      );
      expect(ms).toBeLessThan(2_000);
    },
  );
});

describe('patterns are validated by the engine that runs them', () => {
  it('a backreference or a lookaround is a config error at its line that says RE2 has neither', () => {
    const report = checkWith(hostile('backreference.policy-checker.yml').toString('utf8'), '# x\n');
    const problems = configProblems(report);
    // The pattern's own line, not the rule's: lines 10 and 20 of the fixture.
    expect(problems.map((p) => [p.line, p.severity])).toEqual([
      [10, 'error'],
      [20, 'error'],
    ]);
    expect(problems[0]?.message).toMatch(
      /^customRules\[0\]: params\.pattern is not a pattern this checker can run \(.*invalid escape sequence: `\\1`\)/,
    );
    expect(problems[1]?.message).toMatch(
      /customRules\[1\]: .*invalid or unsupported Perl syntax: `\(\?!`/,
    );
    for (const p of problems)
      expect(p.message).toMatch(/RE2 syntax.*no backreferences.*no lookaround/);
    // The rest of the check still runs.
    expect(report.files.find((f) => f.path === 'subprocessors.md')).toBeDefined();
  });

  it('a rule override from `rules:` is validated the same way', () => {
    const config = 'rules:\n  stale-todo:\n    params:\n      pattern: (?<=x)y\n';
    const problems = configProblems(checkWith(config, '# x\n'));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(2);
    expect(problems[0]?.message).toContain('no lookaround');
  });

  it.each([
    ['TODO{', 'a TODO{ here', 3],
    ['(?i)todo', 'ToDo: later', 1],
    ['\\x{e9}t\\x{e9}', 'un été chaud', 4],
    ['(?P<word>\\p{Lu}\\p{Ll}+)', 'élan Vital', 6],
  ])(
    'RE2 syntax JavaScript rejects with the u flag, like %s, is accepted and runs',
    (pattern, line, column) => {
      // Before: `TODO{` passed the format check (RegExp without u) and then threw out of
      // checkSources when the rule compiled it with the u flag.
      const report = checkWith(
        stringify({ customRules: [customRule(pattern)] }),
        `# x\n\n${line}\n`,
      );
      expect(configProblems(report)).toEqual([]);
      expect(
        report.files[0]?.findings
          .filter((f) => f.ruleId === 'custom')
          .map((f) => [f.line, f.column]),
      ).toEqual([[3, column]]);
    },
  );

  it('validation accepts exactly what RE2 compiles, and an accepted pattern never throws', () => {
    const pieces = fc.constantFrom(
      'a',
      '.',
      '*',
      '+',
      '?',
      '|',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '{2}',
      '{1,3}',
      '^',
      '$',
      '\\',
      '\\d',
      '\\1',
      '\\b',
      '\\p{L}',
      '\\x{41}',
      '\\u0041',
      '(?:',
      '(?=',
      '(?!',
      '(?<=',
      '(?<n>',
      '(?P<n>',
      '(?i)',
      '-',
      '😀',
      'é',
    );
    const pattern = fc.array(pieces, { maxLength: 8 }).map((p) => p.join(''));
    const lines = fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { maxLength: 4 });
    fc.assert(
      fc.property(pattern, lines, (p, text) => {
        let compiles = true;
        try {
          RE2JS.compile(p);
        } catch {
          compiles = false;
        }
        expect(validates(p)).toBe(compiles);
        if (!compiles) return;
        const document = parseMarkdownPolicy({ path: 'x.md', text: text.join('\n') });
        const found = runRuleType(
          forbiddenPattern,
          { pattern: p, maxAgeDays: 0, fix: 'f' },
          document,
        );
        for (const f of found) expect(spanProblem(f.span, document.lines)).toBeNull();
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('a literal pattern is found at the same UTF-16 column as String.indexOf finds it', () => {
    const word = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), word, (before, needle) => {
        const line = `${before}${needle}`;
        const quoted = RE2JS.quote(needle);
        const document = parseMarkdownPolicy({ path: 'x.md', text: line });
        const found = runRuleType(
          forbiddenPattern,
          { pattern: quoted, maxAgeDays: 0, fix: 'f' },
          document,
        );
        const at = splitLines(line).findIndex((l) => l.includes(needle));
        if (at < 0) return;
        const column = (splitLines(line)[at] ?? '').indexOf(needle) + 1;
        expect(found[0]?.span).toMatchObject({
          line: at + 1,
          column,
          endColumn: column + needle.length,
        });
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('globs from the config run in linear time too', () => {
  // picomatch compiles `*a*a*a*a*b` to `[^/]*?a[^/]*?a…`: against a 255-character name that
  // fails at the end, a minute of backtracking per path (measured: 61 s for four `*a`).
  const hostileGlob = `${'*a'.repeat(8)}*b`;
  const longName = `docs/${'a'.repeat(255)}`;

  it('a backtracking glob in files, ignore or a waiver costs milliseconds per path', () => {
    const config = stringify({
      files: [hostileGlob, '**/*.md'],
      ignore: [`**/${hostileGlob}/**`],
      waivers: [
        {
          rule: 'location-required',
          file: hostileGlob,
          reason: 'asked the vendor',
          expires: '2099-01-01',
        },
      ],
    });
    const { config: parsed, problems } = parseConfig(CONFIG, config);
    expect(problems).toEqual([]);
    const { ms, value: selected } = timed(() =>
      selectPolicyPaths([longName, `${longName}/x.md`, 'docs/subprocessors.md'], parsed),
    );
    expect(ms).toBeLessThan(1_000);
    expect(selected).toEqual([`${longName}/x.md`, 'docs/subprocessors.md']);
    // One name the waiver's glob fails on (all a's: the slow case), one it matches (…ab).
    const page = '# Subprocessors\n\n| Name | Purpose |\n|---|---|\n| Mailgun | Email |\n';
    const names = [`${'a'.repeat(255)}`, `${'a'.repeat(255)}b`];
    const report = timed(() =>
      checkSources(
        names.map((path) => ({ path, text: page, format: 'markdown' as const })),
        { rulePack, config: parsed, now: NOW },
      ),
    );
    expect(report.ms).toBeLessThan(2_000);
    const waived = report.value.files.map((f) =>
      f.findings.some((x) => x.ruleId === 'location-required'),
    );
    expect(waived).toEqual([true, false]);
  });

  it('a glob RE2 cannot run is a config error at its line', () => {
    const { problems } = parseConfig(CONFIG, 'files:\n  - "**/*.md"\n  - "docs/!(draft)*.md"\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.span.line).toBe(3);
    expect(problems[0]?.message).toMatch(
      /^"files\[1\]" is a glob this checker cannot match \(.*negated extglob.*\); it matches no file$/,
    );
  });

  it('matches exactly what picomatch matches, on every path a check can see', () => {
    const piece = fc.constantFrom(
      '*',
      '**',
      '?',
      'a',
      'B',
      '.',
      '/',
      '-',
      '{a,b}',
      '{,x}',
      '[ab]',
      '[!a]',
      '[a-c]',
      '.md',
      '+(a|b)',
      '@(a|b)',
      '*(a)',
      '?(b)',
      '!',
      '\\*',
      '{1..3}',
      ' ',
      'é',
      '**/',
      '/**',
      '.*',
      './',
    );
    const glob = fc.array(piece, { minLength: 1, maxLength: 7 }).map((p) => p.join(''));
    const segment = fc
      .array(fc.constantFrom('a', 'b', 'A', '.', '-', 'md', '2', 'é', ' ', '!', '.github', 'x'), {
        minLength: 1,
        maxLength: 4,
      })
      .map((p) => p.join(''));
    const path = fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .map((s) => s.join('/'))
      .filter((p) => unsafePathReason(p) === null);
    fc.assert(
      fc.property(
        glob,
        fc.array(path, { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (g, paths, nocase) => {
          let ours: (path: string) => boolean;
          try {
            ours = compileGlob(g, { nocase });
          } catch (error) {
            expect(error).toBeInstanceOf(GlobError);
            return;
          }
          const theirs = picomatch(g, { dot: true, nocase });
          for (const p of paths) expect(ours(p), `${g} on ${p}`).toBe(theirs(p));
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });
});
