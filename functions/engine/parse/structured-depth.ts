/**
 * A cheap upper bound on how deeply a YAML or JSON text nests, read before any parser sees it.
 * Why: near the stack limit V8 can abort the whole process while compiling a regular
 * expression ("RegExpCompiler Allocation failed") instead of throwing a RangeError, and the
 * yaml parser recurses once per level. A try/catch cannot help with that, so such input must
 * never reach the parser. Real policy files nest a handful of levels.
 */

/** Deeper than this, a file is refused with a problem instead of parsed. */
export const MAX_NESTING = 200;

/** A quote opens a quoted scalar only where a scalar can start; `it's` is a plain word. */
function opensQuote(text: string, i: number): boolean {
  return i === 0 || /[\s[{,:]/.test(text[i - 1] ?? '');
}

/**
 * Brackets opened and not yet closed, outside quoted strings and `#` comments (approximately),
 * and the offset of the bracket that first opened more than `limit` levels (null if none did).
 */
function flowNesting(text: string, limit = Infinity): { deepest: number; beyond: number | null } {
  let depth = 0;
  let deepest = 0;
  let beyond: number | null = null;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      // Ending a quote at a line break over-counts a multi-line string, never under-counts.
      if (c === '\\' && quote === '"') i += 1;
      else if (c === quote || c === '\n' || c === '\r') quote = null;
    } else if ((c === '"' || c === "'") && opensQuote(text, i)) quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1] ?? ''))) {
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i += 1;
    } else if (c === '[' || c === '{') {
      deepest = Math.max(deepest, (depth += 1));
      if (depth > limit) beyond ??= i;
    } else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
  }
  return { deepest, beyond };
}

/** Per line: indentation plus every block indicator (`- `, `? `, `: `), so `- - - x` counts 3. */
function blockDepth(text: string): number {
  let deepest = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    const indicators = line.match(/(?:^|\s)[-?:](?=\s|$)/g)?.length ?? 0;
    deepest = Math.max(deepest, indent + indicators);
  }
  return deepest;
}

/** An upper bound on the nesting depth of a YAML or JSON text. */
export function nestingDepth(text: string): number {
  return flowNesting(text).deepest + blockDepth(text);
}

/**
 * For JSON, where only brackets nest (indentation is layout): the offset of the bracket that
 * opens level `MAX_NESTING + 1`, or null when the text stays within the limit.
 */
export function jsonTooDeepAt(text: string): number | null {
  return flowNesting(text, MAX_NESTING).beyond;
}
