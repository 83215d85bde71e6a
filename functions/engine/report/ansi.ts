/**
 * ANSI styles for the text report. Hand-written escape codes rather than
 * `util.styleText`: newer Node versions make styleText look at the stream and
 * NO_COLOR, and the renderer must stay pure; the caller decides `color`.
 */

/** A function that wraps text in one ANSI style, or leaves it as is. */
export type Style = (text: string) => string;

/** The styles the text report uses, each a no-op when colour is off. */
export interface Palette {
  red: Style;
  yellow: Style;
  cyan: Style;
  green: Style;
  bold: Style;
  dim: Style;
}

// Each style closes with its own reset (39 colour, 22 intensity) rather than
// a full reset, so a dim rule id inside a coloured line keeps its colour.
const wrap =
  (open: number, close: number): Style =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const plain: Style = (text) => text;

/** Returns the palette for `color`: real escape codes, or identity functions. */
export function palette(color: boolean): Palette {
  if (!color)
    return { red: plain, yellow: plain, cyan: plain, green: plain, bold: plain, dim: plain };
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  };
}
