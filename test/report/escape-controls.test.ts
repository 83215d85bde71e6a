import { describe, expect, it } from 'vitest';
import { escapeControls } from '../../functions/engine/report/index.js';

describe('escapeControls: one line, no escape sequences', () => {
  it.each([
    ['a newline', 'a\nb', 'a\\nb'],
    ['a carriage return', 'a\rb', 'a\\rb'],
    ['a tab', 'a\tb', 'a\\tb'],
    ['ESC (a colour, a cursor move)', '\u001b[2J\u001b[H', '\\u001b[2J\\u001b[H'],
    ['an OSC window title ended by BEL', '\u001b]0;pwned\u0007', '\\u001b]0;pwned\\u0007'],
    ['NUL and the last C0', '\u0000\u001f', '\\u0000\\u001f'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['C1: NEL', 'a\u0085b', 'a\\u0085b'],
    ['C1: the 8-bit CSI', '\u009b31m', '\\u009b31m'],
    ['the line separator', 'a\u2028b', 'a\\u2028b'],
    ['the paragraph separator', 'a\u2029b', 'a\\u2029b'],
    ['a forged workflow command', 'Acme\n::warning file=x::y', 'Acme\\n::warning file=x::y'],
    [
      'a right-to-left override (Trojan Source)',
      'Acme\u202e lanoitanretni',
      'Acme\\u202e lanoitanretni',
    ],
    ['the bidi isolates', '\u2066a\u2069', '\\u2066a\\u2069'],
  ])('escapes %s', (_, raw, shown) => {
    expect(escapeControls(raw)).toBe(shown);
    expect(escapeControls(raw)).not.toMatch(
      // eslint-disable-next-line no-control-regex -- the characters this function must remove
      /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
    );
  });

  it.each([
    'Mailgun Technologies, Inc.',
    'Zürich, Ελλάδα, 東京',
    'no\u00a0break, ‘quotes’ — and 🙂',
    'C:\\path\\n stays as written',
  ])('leaves printable text as it is: %s', (text) => {
    expect(escapeControls(text)).toBe(text);
  });
});
