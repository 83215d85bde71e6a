import { LineCounter } from 'yaml';
import type { Span } from '../model.js';

/** Offset → 1-based line/column conversion for one source text. */
export interface SourcePositions {
  /** 1-based line and column of a UTF-16 offset (clamped to the text). */
  point(offset: number): { line: number; column: number };
  /** The span from `start` to `end` (exclusive), trailing whitespace and newlines left out. */
  span(start: number, end: number): Span;
  /** The span from `start` to `end` exactly, at least one character wide where the text allows. */
  range(start: number, end: number): Span;
  /** The whole text as one span. */
  whole(): Span;
}

/**
 * Positions that count lines exactly as `splitLines` does. yaml's own lexer does not treat a
 * lone CR as a line break, so its LineCounter is filled here from the text rather than by the
 * parser: every line number we report then matches `document.lines`.
 */
export function sourcePositions(text: string): SourcePositions {
  const counter = new LineCounter();
  counter.addNewLine(0);
  for (const match of text.matchAll(/\r\n|\r|\n/g))
    counter.addNewLine(match.index + match[0].length);
  const clamp = (offset: number): number => {
    const at = Math.min(Math.max(0, offset), text.length);
    // Between the CR and LF of a CRLF is still the end of the line, not a column past it
    // (a JSON string broken by a Windows line break errs there).
    return text[at - 1] === '\r' && text[at] === '\n' ? at - 1 : at;
  };
  const point = (offset: number): { line: number; column: number } => {
    const { line, col } = counter.linePos(clamp(offset));
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };
  const trimmedEnd = (from: number, end: number): number => {
    let to = Math.max(from, clamp(end));
    while (to > from && /\s/.test(text[to - 1] ?? '')) to -= 1;
    return to;
  };
  const between = (from: number, to: number): Span => {
    const a = point(from);
    const b = point(to);
    return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  // Block nodes end after their newline; a span that ends on the next line would be wrong.
  const span = (start: number, end: number): Span =>
    between(clamp(start), trimmedEnd(clamp(start), end));
  // A problem's place must stay visible even when it is a single tab or newline.
  const range = (start: number, end: number): Span => {
    const from = clamp(start);
    return between(from, Math.max(trimmedEnd(from, end), clamp(from + 1)));
  };
  return { point, span, range, whole: () => span(0, text.length) };
}

/**
 * The text with each lone CR made an LF. YAML 1.2 counts a lone CR as a line break but the
 * yaml package does not; the replacement keeps every offset, so positions stay exact.
 */
export function yamlLineBreaks(text: string): string {
  return text.replace(/\r(?!\n)/g, '\n');
}
