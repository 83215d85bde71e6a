/**
 * Shared by the fuzz tests: the fixed seed, text generators that reach the parsers' corners,
 * and the one definition of a sane span.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { PolicyDocument, Span } from '../../functions/engine/index.js';

/** Every property runs with this seed, so a CI failure replays exactly on any machine. */
export const SEED = 20261123;

/** A fixture of test/fixtures/hostile, as bytes. */
export function hostile(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url));
}

/** Milliseconds `run` takes, with its result. */
export function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

/** Why a span does not lie inside `lines`, or null when it does. Columns are 1-based, end exclusive. */
export function spanProblem(span: Span, lines: readonly string[]): string | null {
  const { line, column, endLine, endColumn } = span;
  const at = `${line}:${column}-${endLine}:${endColumn} in ${lines.length} lines`;
  if (![line, column, endLine, endColumn].every(Number.isInteger)) return `not integers ${at}`;
  if (line < 1 || endLine < line || endLine > lines.length) return `lines outside ${at}`;
  if (column < 1 || column > (lines[line - 1]?.length ?? 0) + 1) return `column outside ${at}`;
  if (endColumn < 1 || endColumn > (lines[endLine - 1]?.length ?? 0) + 1)
    return `end column outside ${at}`;
  if (line === endLine && endColumn < column) return `ends before it starts ${at}`;
  return null;
}

/** Every position a document holds, each checked against its own lines. */
export function documentSpanProblems(document: PolicyDocument): string[] {
  const { lines } = document;
  const problems: string[] = [];
  const check = (what: string, span: Span): void => {
    const problem = spanProblem(span, lines);
    if (problem) problems.push(`${what}: ${problem}`);
  };
  if (document.lineCount !== lines.length) problems.push('lineCount differs from lines');
  for (const t of document.todos)
    check('todo', { line: t.line, column: t.column, endLine: t.line, endColumn: t.endColumn });
  for (const p of document.problems) check(`problem ${p.ruleId}`, p.span);
  for (const r of document.recoveries) check('recovery', r.span);
  for (const party of document.thirdParties) {
    check('party name', party.position);
    const entry = { line: party.line, column: 1, endLine: party.endLine, endColumn: 1 };
    check('party lines', entry);
    for (const link of party.links)
      check('link', { line: link.line, column: 1, endLine: link.line, endColumn: 1 });
  }
  return problems;
}

/** Pieces of Markdown, YAML and JSON that the parsers treat specially, to be strung together. */
const TOKENS = [
  '\n',
  '\r\n',
  '\r',
  '\t',
  ' ',
  '  ',
  '\uFEFF',
  '# ',
  '## Vendors',
  '> ',
  '- ',
  '* ',
  '1. ',
  '|',
  '| --- |',
  '[',
  ']',
  '](',
  ')',
  '![',
  '**',
  '_',
  '`',
  '```',
  '<',
  '>',
  '<!-- policy-check-disable-next-line -->',
  '{',
  '}',
  ':',
  ': ',
  ',',
  '"',
  "'",
  '&a ',
  '*a',
  '!!str ',
  '? ',
  '---\n',
  'name: ',
  'thirdParties:',
  '$schema: https://policy-checker.dev/schemas/policy-file/v1.json',
  'Mailgun',
  'https://example.com/dpa',
  'Germany',
  'TODO(2026-01-01): x',
  'FIXME',
  'é',
  '😀',
  '\u202E',
  '\u0000',
  '\uD800',
];

/** Text built from the tokens above and a little noise: most inputs hit some parser path. */
export const tokenText = (maxLength = 60): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, fc.string({ maxLength: 4 })),
      {
        maxLength,
      },
    )
    .map((parts) => parts.join(''));

/** Any text: random code points, raw bytes read as Latin-1, tokens, and real JSON/YAML shapes. */
export const anyText = fc.oneof(
  tokenText(),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.uint8Array({ maxLength: 120 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v, null, 2)),
);

/** The same text with every line break written as `eol`. */
export function withLineEnds(text: string, eol: '\n' | '\r\n' | '\r'): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}
