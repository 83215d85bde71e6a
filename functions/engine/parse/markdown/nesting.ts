/**
 * A cheap upper bound on how deeply Markdown nests, read before the parser sees the text.
 * Why: micromark's cost grows faster than the nesting: 4,000 `- ` on one line take seconds and
 * then overflow the stack, 200,000 `>` take minutes; images nested in images cost cubic time
 * (1,000 levels, 6 KB: seconds), and so does emphasis (`_a _a … a_ a_`, 16 KB: 4 s; a run of
 * 8,000 `*` around a word: 6 s). And every walk over the tree after it recurses once per
 * level. Policy pages nest lists a few levels, brackets and emphasis one or two, so a text
 * deeper than this is refused with a problem instead of parsed.
 */

/** Deeper than this (containers on a line; brackets or emphasis open in a paragraph), a file is refused. */
export const MAX_MARKDOWN_NESTING = 100;

const SPACE = /^\s?$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;

/**
 * How a run of `*` or `_` from `start` to `end` changes the emphasis open: CommonMark's
 * flanking rules, roughly. A run that can only open adds its length, one that can only close
 * takes it away; one between two letters (`snake_case`, `a*b`) does neither.
 */
function emphasisChange(line: string, start: number, end: number): number {
  const before = line[start - 1] ?? '';
  const after = line[end] ?? '';
  const left =
    !SPACE.test(after) &&
    (!PUNCTUATION.test(after) || SPACE.test(before) || PUNCTUATION.test(before));
  const right =
    !SPACE.test(before) &&
    (!PUNCTUATION.test(before) || SPACE.test(after) || PUNCTUATION.test(after));
  if (left === right) return 0;
  return left ? end - start : -(end - start);
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Containers a line can be inside: every `>` and list marker of its prefix, and, on a line
 * that has a list marker, one level per two columns of indentation (a nested list item is
 * indented at least two columns past its parent's marker). A line without a marker can only
 * continue containers that an earlier line opened, so it counts only its `>`.
 */
function containerDepth(line: string): number {
  let quotes = 0;
  let markers = 0;
  let columns = 0;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === ' ') columns += 1;
    else if (c === '\t') columns += 4;
    else if (c === '>') quotes += 1;
    else if ((c === '-' || c === '+' || c === '*') && /^[ \t]?$/.test(line[i + 1] ?? '')) {
      markers += 1;
      columns += 1;
    } else {
      const ordered = /^\d{1,9}[.)](?=[ \t]|$)/.exec(line.slice(i, i + 11));
      if (!ordered) break;
      markers += 1;
      columns += ordered[0].length;
      i += ordered[0].length;
      continue;
    }
    i += 1;
  }
  return quotes + (markers > 0 ? markers + Math.floor(columns / 2) : 0);
}

/**
 * The first line (1-based) where the text nests more than `MAX_MARKDOWN_NESTING` levels, or
 * null. Brackets and emphasis count within a paragraph (a blank line ends every open one);
 * fenced code blocks at the margin are skipped, as nothing in them nests.
 */
export function markdownTooDeepAt(lines: readonly string[]): number | null {
  let fence: string | null = null;
  let brackets = 0;
  let emphasis = 0;
  for (let n = 0; n < lines.length; n += 1) {
    const line = lines[n] ?? '';
    const run = FENCE.exec(line)?.[1];
    if (fence !== null) {
      // A fence closes with the same character, at least as long as it opened.
      if (run && run[0] === fence[0] && run.length >= fence.length) fence = null;
      continue;
    }
    if (run) {
      fence = run;
      continue;
    }
    if (/^[\s>]*$/.test(line)) brackets = emphasis = 0;
    if (containerDepth(line) > MAX_MARKDOWN_NESTING) return n + 1;
    for (let i = 0; i < line.length; i += 1) {
      const c = line[i];
      if (c === '\\') i += 1;
      else if (c === '[') {
        brackets += 1;
        if (brackets > MAX_MARKDOWN_NESTING) return n + 1;
      } else if (c === ']' && brackets > 0) brackets -= 1;
      else if (c === '*' || c === '_') {
        let end = i + 1;
        while (line[end] === c) end += 1;
        emphasis = Math.max(0, emphasis + emphasisChange(line, i, end));
        if (emphasis > MAX_MARKDOWN_NESTING) return n + 1;
        i = end - 1;
      }
    }
  }
  return null;
}
