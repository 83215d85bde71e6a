import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedLines } from '../../../functions/github/check-output/index.js';

const lines = (...l: string[]) => l.join('\n') + '\n';
const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);

describe('changedLines', () => {
  it('is empty for the same text', () => {
    expect(sorted(changedLines(lines('a', 'b', 'c'), lines('a', 'b', 'c')))).toEqual([]);
  });

  it('marks a modified line', () => {
    expect(sorted(changedLines(lines('a', 'b', 'c'), lines('a', 'B', 'c')))).toEqual([2]);
  });

  it('marks lines inserted at the start and at the end', () => {
    expect(sorted(changedLines(lines('a', 'b'), lines('new', 'a', 'b')))).toEqual([1]);
    expect(sorted(changedLines(lines('a', 'b'), lines('a', 'b', 'x', 'y')))).toEqual([3, 4]);
  });

  it('marks nothing for a deletion, and the right line after one', () => {
    expect(sorted(changedLines(lines('a', 'b', 'c'), lines('a', 'c')))).toEqual([]);
    expect(sorted(changedLines(lines('a', 'b', 'c', 'd'), lines('a', 'c', 'D')))).toEqual([3]);
  });

  it('matches repeated lines without marking the untouched copies', () => {
    const base = lines('- item', '', '- item', '', '- item');
    const head = lines('- item', '', '- new', '- item', '', '- item');
    expect(sorted(changedLines(base, head))).toEqual([3]);
  });

  it('reads CRLF and lone CR as line ends, and ignores a change of line endings alone', () => {
    expect(sorted(changedLines('a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'))).toEqual([2]);
    expect(sorted(changedLines('a\nb\nc\n', 'a\r\nb\r\nc\r\n'))).toEqual([]);
    expect(sorted(changedLines('a\rb', 'a\rb\rc'))).toEqual([3]);
  });

  it('counts every line of a new file, and no line after a final newline', () => {
    expect(sorted(changedLines(null, 'a\nb\n'))).toEqual([1, 2]);
    expect(sorted(changedLines(null, ''))).toEqual([]);
    expect(sorted(changedLines('a\nb\n', ''))).toEqual([]);
    expect(sorted(changedLines('', 'a'))).toEqual([1]);
  });

  it('gives a minimal diff: the unchanged head lines are a longest common subsequence', () => {
    const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 14 });
    const join = (l: string[]) => l.map((x) => `${x}\n`).join('');
    fc.assert(
      fc.property(text, text, (base, head) => {
        const changed = changedLines(join(base), join(head));
        const kept = head.filter((_, i) => !changed.has(i + 1));
        // Only head lines are named…
        expect([...changed].every((n) => n >= 1 && n <= head.length)).toBe(true);
        // …the kept lines appear in the base in order…
        let at = 0;
        for (const line of base) if (at < kept.length && kept[at] === line) at += 1;
        expect(at).toBe(kept.length);
        // …and no common subsequence is longer.
        expect(kept.length).toBe(lcsLength(base, head));
      }),
      { numRuns: 2000 },
    );
  });
});

function lcsLength(x: string[], y: string[]): number {
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i += 1) {
    const cur = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j += 1)
      cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[y.length]!;
}
