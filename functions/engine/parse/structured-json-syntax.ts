/**
 * Finds where JSON text stops being valid JSON (RFC 8259). Node's JSON.parse names a position
 * for most errors but not for "Unexpected token" ones, so this scanner supplies it. It keeps
 * its own stack rather than recursing, so deep nesting cannot overflow it.
 */

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'commaOrClose' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i += 1;
  return i;
}

/** End of the string starting at `from` (a `"`), or the negative offset of its error minus one. */
function scanString(text: string, from: number): number {
  let i = from + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return -i - 1;
    if (code === 0x5c) {
      ESCAPE.lastIndex = i;
      if (!ESCAPE.test(text)) return -i - 1;
      i = ESCAPE.lastIndex;
    } else i += 1;
  }
  return -text.length - 1;
}

/** End of the scalar (string, number, literal) at `from`, or its negative error offset minus one. */
function scanScalar(text: string, from: number): number {
  if (text[from] === '"') return scanString(text, from);
  for (const literal of ['true', 'false', 'null'])
    if (text.startsWith(literal, from)) return from + literal.length;
  NUMBER.lastIndex = from;
  return NUMBER.test(text) ? NUMBER.lastIndex : -from - 1;
}

/** The offset of the first JSON syntax error in `text`, or null when it is valid JSON. */
export function locateJsonSyntaxError(text: string): number | null {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const afterValue = (): Expect => (stack.length > 0 ? 'commaOrClose' : 'end');
  for (;;) {
    i = skipSpace(text, i);
    if (i >= text.length) return expect === 'end' ? null : text.length;
    const c = text[i];
    if ((expect === 'valueOrClose' && c === ']') || (expect === 'keyOrClose' && c === '}')) {
      stack.pop();
      i += 1;
      expect = afterValue();
    } else if (expect === 'value' || expect === 'valueOrClose') {
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? '}' : ']');
        i += 1;
        expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
        continue;
      }
      const end = scanScalar(text, i);
      if (end < 0) return -end - 1;
      i = end;
      expect = afterValue();
    } else if (expect === 'key' || expect === 'keyOrClose') {
      const end = c === '"' ? scanString(text, i) : -i - 1;
      if (end < 0) return -end - 1;
      i = end;
      expect = 'colon';
    } else if (expect === 'colon' && c === ':') {
      i += 1;
      expect = 'value';
    } else if (expect === 'commaOrClose' && c === ',') {
      i += 1;
      expect = stack.at(-1) === '}' ? 'key' : 'value';
    } else if (expect === 'commaOrClose' && c === stack.at(-1)) {
      stack.pop();
      i += 1;
      expect = afterValue();
    } else return i;
  }
}
