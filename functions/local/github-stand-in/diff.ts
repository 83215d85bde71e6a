/** A line diff with git's unified patch text, as GitHub puts in `files[].patch`. */

export interface LineDiff {
  additions: number;
  deletions: number;
  /** Hunks only (no `---`/`+++` header), as GitHub sends them; undefined when nothing changed. */
  patch: string | undefined;
}

type Op = { kind: ' ' | '-' | '+'; text: string; oldLine: number; newLine: number };

const CONTEXT = 3;
/** Past this many cells the middle is treated as wholly replaced rather than aligned. */
const MAX_CELLS = 16_000_000;

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  if (text === '') return { lines: [], finalNewline: true };
  const finalNewline = text.endsWith('\n');
  const lines = (finalNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, finalNewline };
}

function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ops: Op[] = [];
  for (let i = 0; i < start; i++)
    ops.push({ kind: ' ', text: a[i]!, oldLine: i + 1, newLine: i + 1 });
  const n = endA - start;
  const m = endB - start;
  const middle: Array<{ kind: ' ' | '-' | '+'; i: number; j: number }> = [];
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS) {
    // Longest common subsequence table from the end, then walk it forwards.
    const width = m + 1;
    const table = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--)
      for (let j = m - 1; j >= 0; j--)
        table[i * width + j] =
          a[start + i] === b[start + j]
            ? table[(i + 1) * width + j + 1]! + 1
            : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[start + i] === b[start + j]) middle.push({ kind: ' ', i: i++, j: j++ });
      else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!)
        middle.push({ kind: '-', i: i++, j });
      else middle.push({ kind: '+', i, j: j++ });
    }
    while (i < n) middle.push({ kind: '-', i: i++, j });
    while (j < m) middle.push({ kind: '+', i, j: j++ });
  } else {
    for (let i = 0; i < n; i++) middle.push({ kind: '-', i, j: 0 });
    for (let j = 0; j < m; j++) middle.push({ kind: '+', i: n, j });
  }
  for (const op of middle)
    ops.push({
      kind: op.kind,
      text: op.kind === '+' ? b[start + op.j]! : a[start + op.i]!,
      oldLine: start + op.i + 1,
      newLine: start + op.j + 1,
    });
  for (let k = 0; k < a.length - endA; k++)
    ops.push({ kind: ' ', text: a[endA + k]!, oldLine: endA + k + 1, newLine: endB + k + 1 });
  return ops;
}

function range(start: number, length: number): string {
  if (length === 1) return `${start}`;
  return `${length === 0 ? start - 1 : start},${length}`;
}

export function lineDiff(before: string, after: string): LineDiff {
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a.lines, b.lines);
  // A changed final newline changes the last line, as git shows it.
  if (a.finalNewline !== b.finalNewline && a.lines.length > 0 && b.lines.length > 0) {
    const last = ops.length - 1;
    const op = ops[last]!;
    if (op.kind === ' ')
      ops.splice(
        last,
        1,
        { kind: '-', text: op.text, oldLine: op.oldLine, newLine: op.newLine },
        { kind: '+', text: op.text, oldLine: op.oldLine + 1, newLine: op.newLine },
      );
  }
  const additions = ops.filter((op) => op.kind === '+').length;
  const deletions = ops.filter((op) => op.kind === '-').length;
  if (additions + deletions === 0) return { additions, deletions, patch: undefined };

  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const from = Math.max(0, index - CONTEXT);
    const to = Math.min(ops.length - 1, index + CONTEXT);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else hunks.push([from, to]);
  }
  const lastOld = a.lines.length;
  const lastNew = b.lines.length;
  const text = hunks.map(([from, to]) => {
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((op) => op.kind !== '+').length;
    const newCount = slice.filter((op) => op.kind !== '-').length;
    const first = slice[0]!;
    const header = `@@ -${range(first.oldLine, oldCount)} +${range(first.newLine, newCount)} @@`;
    const body = slice.flatMap((op) => {
      const line = `${op.kind}${op.text}`;
      const noNewline =
        (op.kind !== '+' && op.oldLine === lastOld && !a.finalNewline) ||
        (op.kind !== '-' && op.newLine === lastNew && !b.finalNewline);
      return noNewline ? [line, '\\ No newline at end of file'] : [line];
    });
    return [header, ...body].join('\n');
  });
  return { additions, deletions, patch: text.join('\n') };
}
