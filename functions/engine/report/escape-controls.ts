/**
 * Control characters a printed value must not carry: C0 (newline, carriage return, tab, ESC…),
 * DEL, C1 (U+0080–U+009F, NEL U+0085 among them) and the Unicode line and paragraph separators.
 * A newline in a vendor name would start a line of its own (`::warning …::` is then a workflow
 * command in a CI log), and ESC starts the sequences a terminal obeys (colours, cursor moves,
 * window titles, OSC 8 links). The bidirectional overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069) reorder what a reader sees ("Trojan Source"): a vendor name could display as
 * something else than the bytes the check judged.
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A value made safe to print on one line of a terminal or a log: each control character
 * becomes a visible escape (`\n`, `\t`, `\u001b`, `\u2028`), everything else is left as it is.
 * Every text renderer passes the values it prints through this one function, before it adds
 * its own layout and colours.
 */
export function escapeControls(value: string): string {
  return value.replace(
    CONTROLS,
    (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
