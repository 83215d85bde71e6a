/** Splits text into lines the way editors count them (LF, CRLF or lone CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}
