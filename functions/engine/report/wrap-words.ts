/**
 * Word wrapping for the terminal renderers. Widths are counted in code points: the printed
 * values are escaped first, so no control character is left to count, and a terminal shows most
 * other characters one column wide (East Asian wide characters, two columns, make a line wrap a
 * little early on the terminal's side, never lose text).
 */

/** A piece of a line: its text and whether it may share a line with the piece before it. */
export interface Word {
  text: string;
  /** What goes before it when it continues a line: one space between words, two before a rule id. */
  gap: string;
}

/** The number of terminal columns `text` takes, counted as code points. */
export function columns(text: string): number {
  // String length counts UTF-16 units: an emoji or a rare CJK character would count twice.
  return Array.from(text).length;
}

/** The words of a message, split at single spaces, each separated from the last by one space. */
export function wordsOf(text: string): Word[] {
  return text
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => ({ text: w, gap: ' ' }));
}

/**
 * Lays `words` out in lines: the first starts at column `start` (text before it is the caller's),
 * the next ones at `indent`, each at most `width` columns, greedily. A word longer than a line
 * (a URL) keeps a line of its own rather than being cut, so it stays whole for copying and for
 * the terminal's own link detection. Returns each line's words.
 */
export function wrapWords(
  words: readonly Word[],
  { start, indent, width }: { start: number; indent: number; width: number },
): Word[][] {
  const lines: Word[][] = [[]];
  let used = start;
  for (const word of words) {
    const line = lines[lines.length - 1]!;
    const cost = (line.length === 0 ? 0 : columns(word.gap)) + columns(word.text);
    // A first line whose lead-in already fills it (a long path) may stay empty.
    const fits =
      used + cost <= width || (line.length === 0 && (lines.length > 1 || start <= indent));
    if (!fits) {
      lines.push([word]);
      used = indent + columns(word.text);
    } else {
      line.push(word);
      used += cost;
    }
  }
  return lines;
}
