/**
 * The Markdown, YAML and JSON parsers under hostile input: they never throw, every position
 * they give lies inside the file, line endings do not move anything, and the named attacks
 * (alias bombs, 200,000 levels of nesting, a 10 MB line) end quickly in a clear problem.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  parseDocument,
  type FileFormat,
  type PolicyDocument,
} from '../../functions/engine/index.js';
import {
  SEED,
  anyText,
  documentSpanProblems,
  hostile,
  timed,
  tokenText,
  withLineEnds,
} from './support.js';

const FORMATS: FileFormat[] = ['markdown', 'yaml', 'json'];
const parse = (text: string, format: FileFormat, strict = false): PolicyDocument =>
  parseDocument({ path: `subprocessors.${format}`, text, format }, strict ? ['**'] : []);

/** What must not change when only the line endings do. */
function positions(document: PolicyDocument) {
  return {
    parties: document.thirdParties.map((p) => [p.name, p.line, p.endLine, p.position]),
    todos: document.todos.map((t) => [t.line, t.column, t.endColumn, t.text]),
    problems: document.problems.map((p) => [p.ruleId, p.span]),
    recoveries: document.recoveries.map((r) => r.span),
  };
}

describe('parsers on arbitrary text', () => {
  it.each(FORMATS)('%s: never throws, and every span lies inside the file', (format) => {
    fc.assert(
      fc.property(anyText, fc.boolean(), (text, strict) => {
        expect(documentSpanProblems(parse(text, format, strict))).toEqual([]);
      }),
      { seed: SEED, numRuns: 250 },
    );
  });

  it.each(FORMATS)('%s: LF, CRLF and lone CR line endings give the same positions', (format) => {
    const lfText = tokenText(40).map((t) => withLineEnds(t, '\n').replace(/\uFEFF/g, ''));
    fc.assert(
      fc.property(lfText, (text) => {
        const lf = positions(parse(text, format));
        expect(positions(parse(withLineEnds(text, '\r\n'), format))).toEqual(lf);
        expect(positions(parse(withLineEnds(text, '\r'), format))).toEqual(lf);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('named attacks on the parsers', () => {
  it('a YAML "billion laughs" is refused at once, not expanded', () => {
    const text = hostile('billion-laughs.yml').toString('utf8');
    const { ms, value: document } = timed(() => parse(text, 'yaml'));
    expect(ms).toBeLessThan(1_000);
    expect(document.thirdParties).toEqual([]);
    expect(document.problems).toMatchObject([{ ruleId: 'schema', severity: 'error' }]);
    expect(document.problems[0]?.message).toMatch(/could not be expanded.*aliases/);
    expect(documentSpanProblems(document)).toEqual([]);
  });

  it.each([
    ['arrays', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['objects', `${'{"a":'.repeat(200_000)}1${'}'.repeat(200_000)}`],
    [
      'thirdParties',
      `{"thirdParties":[{"name":"x","purpose":${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`,
    ],
    ['unclosed', '['.repeat(200_000)],
  ])('200,000-deep JSON (%s) is a clear problem, not a stack overflow', (_shape, text) => {
    // Before: JSON.parse took it, and the schema rule's JSON.stringify overflowed the stack.
    const { ms, value: document } = timed(() => parse(text, 'json', true));
    expect(ms).toBeLessThan(2_000);
    expect(document.problems).toHaveLength(1);
    expect(document.problems[0]?.message).toMatch(/nests more than 200 levels deep|syntax error/);
    expect(documentSpanProblems(document)).toEqual([]);
  });

  it.each([
    ['flow', '['.repeat(200_000)],
    ['flow mappings', `${'{a: '.repeat(100_000)}1${'}'.repeat(100_000)}`],
    ['block sequences', `${'- '.repeat(100_000)}x`],
    ['block mappings', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
  ])('deep YAML (%s) is a clear problem, not a stack overflow', (_shape, text) => {
    const { ms, value: document } = timed(() => parse(text, 'yaml'));
    expect(ms).toBeLessThan(2_000);
    expect(document.problems[0]?.message).toContain('levels deep');
    expect(documentSpanProblems(document)).toEqual([]);
  });

  it.each([
    ['block quotes', `${'>'.repeat(200_000)} x`, 1],
    ['lists on one line', `# Vendors\n\n${'- '.repeat(100_000)}x`, 3],
    [
      'indented lists',
      Array.from({ length: 1_000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
      100,
    ],
    ['brackets', `Intro\n${'['.repeat(200_000)}`, 2],
    ['nested images', `${'!['.repeat(50_000)}a${'](x)'.repeat(50_000)}`, 1],
    ['nested emphasis', `Vendors\n\n${'_a '.repeat(3_000)}${' a_'.repeat(3_000)}`, 3],
    ['a run of stars', `${'*'.repeat(8_000)}Mailgun${'*'.repeat(8_000)}`, 1],
  ])('deep Markdown (%s) is refused at its line, not parsed for minutes', (_shape, text, line) => {
    // Before: 200,000 `>` took four minutes and then overflowed the stack; 4,000 `- ` on one
    // line overflowed it in ten seconds; nested images and emphasis cost worse than quadratic
    // time (the emphasis here took about 5 s, the stars 6 s).
    const { ms, value: document } = timed(() => parse(text, 'markdown'));
    expect(ms).toBeLessThan(1_000);
    expect(document.problems).toMatchObject([
      { ruleId: 'file-unreadable', severity: 'error', span: { line } },
    ]);
    expect(document.problems[0]?.message).toContain('more than 100 levels deep');
    expect(documentSpanProblems(document)).toEqual([]);
  });

  it('a mapping used as a key prints no process warning on the caller’s stderr', () => {
    // Before: yaml called process.emitWarning ("Keys with collection values will be
    // stringified"), so a policy file could write to the CLI's stderr and the Lambda's log.
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      parse('? [a]\n: b\n? {c: d}\n: e\n', 'yaml');
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('Markdown nested as deep as real pages is still read', () => {
    const list = Array.from(
      { length: 8 },
      (_, i) => `${'  '.repeat(i)}- [Vendor ${i}](https://v${i}.example/dpa) for mail`,
    );
    const document = parse(
      ['# Subprocessors', '', '> > quoted', '', ...list].join('\n'),
      'markdown',
    );
    expect(document.problems).toEqual([]);
    expect(document.thirdParties.length).toBeGreaterThan(0);
  });

  // Markdown's 10 MB line goes through the whole engine in engine.test.ts.
  it.each(['yaml', 'json'] as const)(
    'a 10 MB single line of %s is read in linear time, its spans inside it',
    (format) => {
      const long = 'a'.repeat(10_000_000);
      const text = {
        yaml: `thirdParties:\n  - name: ${long}\n    purpose: x`,
        json: `{"thirdParties":[{"name":"${long}","purpose":"x"}]}`,
      }[format];
      const { ms, value: document } = timed(() => parse(text, format));
      expect(ms).toBeLessThan(10_000);
      expect(document.thirdParties).toHaveLength(1);
      expect(documentSpanProblems(document)).toEqual([]);
    },
  );
});
