/**
 * Safe Markdown for text that comes from the checked repository (vendor names, messages, paths):
 * it is shown literally, never as HTML, a link, an image or a table cell break.
 */

import { createHash } from 'node:crypto';

/** GitHub's limit on a check run's `output.summary` and `output.text`, in characters. */
export const GITHUB_TEXT_LIMIT = 65_535;

const ELLIPSIS = '…';

/** Cuts `text` to at most `max` characters (UTF-16 units), ending in `…`, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : cut(text, max - 1);
}

/** The first `end` code units of `text` (one fewer rather than half a surrogate pair) and `…`. */
function cut(text: string, end: number): string {
  let at = Math.max(0, Math.min(end, text.length));
  const code = text.charCodeAt(at - 1);
  if (code >= 0xd800 && code <= 0xdbff) at -= 1;
  return text.slice(0, at) + ELLIPSIS;
}

/**
 * One line of at most `max` characters from any text: control characters become spaces, and
 * a long text is cut before it is scanned, so a megabyte-long name costs no more than a short one.
 */
export function short(text: string, max: number): string {
  const window = max * 4;
  if (text.length <= window) return clip(oneLine(text), max);
  const line = oneLine(text.slice(0, window));
  return cut(line, Math.min(line.length, max - 1));
}

/** Cuts `text` so that its UTF-8 encoding is at most `maxBytes` bytes, ending in `…`. */
export function clipUtf8(text: string, maxBytes: number): string {
  // A UTF-16 code unit never takes more than 3 bytes, so short texts need no counting.
  if (text.length * 3 <= maxBytes || Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const room = new Uint8Array(Math.max(0, maxBytes - Buffer.byteLength(ELLIPSIS, 'utf8')));
  // `encodeInto` stops before a character that does not fit: never half a character.
  let prefix = text.slice(0, room.length);
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) prefix = prefix.slice(0, -1);
  const { read } = new TextEncoder().encodeInto(prefix, room);
  return text.slice(0, read) + ELLIPSIS;
}

/** Newlines and other control characters become spaces: one value, one line. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/** U+200D: invisible, and it breaks the runs GitHub turns into mentions and references. */
const JOINER = '\u200d';

/**
 * Escapes text for Markdown, inline or in a GFM table cell: HTML tags and entities, link and
 * image brackets, emphasis, code spans, cell separators, and `:` so `scheme://` is not
 * autolinked. Clips to `max` characters of the source text first.
 *
 * GitHub links `@user`, `@org/team`, `#123` and `www.…` in the rendered text, after Markdown
 * (a backslash escape is gone by then), and a mention notifies that user or team: a vendor
 * named `@org/security` would page a team on every push. A zero-width joiner after `@` and
 * `#`, and inside `www.`, leaves the text as it reads but matches none of those patterns.
 */
export function md(text: string, max = 200): string {
  return short(text, max)
    .replace(/[\\`*_[\]|~:#!()]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[@#]/g, (c) => `${c}${JOINER}`)
    .replace(/(w)(ww\.)/gi, `$1${JOINER}$2`);
}

/** Inline code for identifiers (rule ids, paths); falls back to escaped text when unsafe. */
export function code(text: string, max = 200): string {
  const value = short(text, max);
  if (/[`|\\]/.test(value) || value.trim() === '') return md(value, max);
  return `\`${value}\``;
}

/** A link to a documentation page, or the escaped label alone when the URL is not a plain https/http URL. */
export function link(label: string, url: string | null | undefined): string {
  if (!url || url.length > 500 || !/^https?:\/\/[^\s()<>[\]`|\\"']+$/.test(url)) return label;
  return `[${label}](${url})`;
}

/** Formats an integer with thousands separators (`4,900`), independent of locale. */
export function num(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `1 error`, `2 errors`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** A Markdown table row from already-escaped cells. */
export function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
}

/** One line of output that stands for `weight` items (findings, vendors) when it is dropped. */
export interface Line {
  text: string;
  weight: number;
}

/**
 * Joins lines, keeping whole lines while the result stays within `limit` characters. When some
 * must go, or `alreadyDropped` items were left out before, the text ends with a blank line (so
 * it never continues a table) and `… and N more <noun>`, N being the weight of the lines
 * dropped here plus `alreadyDropped` (or the number of lines dropped, when none of them had a
 * weight and nothing was dropped before).
 */
export function fitLines(
  lines: readonly Line[],
  limit: number,
  noun: string,
  alreadyDropped = 0,
): string {
  const trailer = (n: number, label: string): string =>
    `\n\n${ELLIPSIS} and ${num(n)} more ${label}`;
  const full = lines.map((l) => l.text).join('\n');
  if (full.length + (alreadyDropped > 0 ? trailer(alreadyDropped, noun).length : 0) <= limit)
    return alreadyDropped > 0 ? full + trailer(alreadyDropped, noun) : full;
  // Room for the longest trailer this text could need.
  const reserve = Math.max(
    trailer(Number.MAX_SAFE_INTEGER, noun).length,
    trailer(Number.MAX_SAFE_INTEGER, 'lines').length,
  );
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    const cost = (kept === 0 ? 0 : 1) + line.text.length;
    if (used + cost + reserve > limit) break;
    used += cost;
    kept += 1;
  }
  const dropped = lines.slice(kept);
  const weight = dropped.reduce((sum, l) => sum + l.weight, 0) + alreadyDropped;
  const more = weight > 0 ? trailer(weight, noun) : trailer(dropped.length, 'lines');
  return (
    lines
      .slice(0, kept)
      .map((l) => l.text)
      .join('\n') + more
  );
}

/**
 * A Map/Set key for text from the repository. V8 hashes a long string by its length alone, so
 * thousands of distinct long paths or names in one Map would collide on every lookup; a long
 * text is keyed by a prefix and a SHA-256 of the whole instead.
 */
export function textKey(text: string): string {
  if (text.length <= 1_024) return text;
  return `${text.slice(0, 256)}\u0000${createHash('sha256').update(text).digest('hex')}`;
}
