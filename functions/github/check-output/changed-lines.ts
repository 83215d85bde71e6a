/**
 * Which lines of a file a pull request added or modified, so annotations on them come first.
 * A line diff: Myers' O(ND) algorithm in its linear-space form (the "middle snake" split of
 * "An O(ND) Difference Algorithm and Its Variations", 1986), run without recursion.
 */

/** Work (diagonal steps) after which a region is given up on and all its head lines counted as changed. */
const WORK_BUDGET = 5_000_000;

/** Lines as the engine counts them: LF, CRLF or lone CR end a line; no line after a final terminator. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The 1-based line numbers of `headText` that are added or modified relative to `baseText`
 * (a modified line is a deleted one plus an added one; only the head side is reported). With no
 * base (a new file) every line is changed. Lines are compared without their terminators, so a
 * file whose line endings alone changed (LF → CRLF) has no changed lines. The result is a
 * minimal diff, except for a region so scrambled that finding one would cost more than
 * `WORK_BUDGET` steps: its head lines are all counted as changed, which errs on the side of
 * showing an annotation early.
 */
export function changedLines(baseText: string | null, headText: string): Set<number> {
  const head = splitLines(headText);
  const changed = new Set<number>();
  if (baseText === null) {
    for (let i = 1; i <= head.length; i += 1) changed.add(i);
    return changed;
  }
  const base = splitLines(baseText);

  // Lines as small integers; a line found on one side only can never be matched, so it is
  // settled here (added, or simply dropped from the base) and kept out of the diff: this
  // leaves the longest common subsequence unchanged and makes a full rewrite cost nothing.
  const ids = new Map<string, number>();
  const baseIds = base.map((line) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  });
  const onBase = ids.size;
  const inHead = new Uint8Array(onBase);
  const b: number[] = [];
  const bLine: number[] = [];
  head.forEach((line, i) => {
    const id = ids.get(line);
    if (id === undefined || id >= onBase) {
      changed.add(i + 1);
      return;
    }
    inHead[id] = 1;
    b.push(id);
    bLine.push(i + 1);
  });
  const a = baseIds.filter((id) => inHead[id] === 1);

  for (const index of insertedIndexes(Int32Array.from(a), Int32Array.from(b)))
    changed.add(bLine[index]!);
  return changed;
}

/** Indexes into `b` of the elements a minimal edit script from `a` to `b` inserts. */
function insertedIndexes(a: Int32Array, b: Int32Array): number[] {
  const inserted: number[] = [];
  const budget = { left: WORK_BUDGET };
  // Regions still to diff: [aLo, aHi, bLo, bHi), as a stack instead of recursion.
  const stack: number[][] = [[0, a.length, 0, b.length]];
  while (stack.length > 0) {
    let [aLo, aHi, bLo, bHi] = stack.pop()! as [number, number, number, number];
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) {
      aLo += 1;
      bLo += 1;
    }
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) {
      aHi -= 1;
      bHi -= 1;
    }
    if (bLo === bHi) continue;
    const split = aLo === aHi ? null : middleSnake(a, aLo, aHi, b, bLo, bHi, budget);
    const n = aHi - aLo;
    const m = bHi - bLo;
    // No split (nothing in common, or out of budget), or one that would not shrink the region.
    if (split === null || (split.x === 0 && split.y === 0) || (split.x === n && split.y === m)) {
      for (let j = bLo; j < bHi; j += 1) inserted.push(j);
      continue;
    }
    stack.push([aLo + split.x, aHi, bLo + split.y, bHi]);
    stack.push([aLo, aLo + split.x, bLo, bLo + split.y]);
  }
  return inserted;
}

/**
 * A point (x, y) on an optimal edit path through the region, found by running the search from
 * both ends until the paths overlap; linear space in the region's size. Null when the two sides
 * share nothing on any path explored before the budget ran out.
 */
function middleSnake(
  a: Int32Array,
  aLo: number,
  aHi: number,
  b: Int32Array,
  bLo: number,
  bHi: number,
  budget: { left: number },
): { x: number; y: number } | null {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const maxD = Math.ceil((n + m) / 2);
  const offset = maxD;
  const size = 2 * maxD + 2;
  // Furthest x reached on each diagonal k (index k + offset), forwards and backwards.
  const forward = new Int32Array(size).fill(-1);
  const backward = new Int32Array(size).fill(-1);
  forward[offset + 1] = 0;
  backward[offset + 1] = 0;
  const delta = n - m;
  // When delta is odd the forward search meets the backward one; when even, the reverse.
  const front = delta % 2 !== 0;
  let k1start = 0;
  let k1end = 0;
  let k2start = 0;
  let k2end = 0;
  for (let d = 0; d < maxD; d += 1) {
    budget.left -= 2 * d + 2;
    if (budget.left < 0) return null;
    for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
      const i1 = offset + k1;
      let x1 =
        k1 === -d || (k1 !== d && forward[i1 - 1]! < forward[i1 + 1]!)
          ? forward[i1 + 1]!
          : forward[i1 - 1]! + 1;
      let y1 = x1 - k1;
      while (x1 < n && y1 < m && a[aLo + x1] === b[bLo + y1]) {
        x1 += 1;
        y1 += 1;
      }
      forward[i1] = x1;
      if (x1 > n) k1end += 2;
      else if (y1 > m) k1start += 2;
      else if (front) {
        const i2 = offset + delta - k1;
        if (i2 >= 0 && i2 < size && backward[i2] !== -1 && x1 >= n - backward[i2]!)
          return { x: x1, y: y1 };
      }
    }
    for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
      const i2 = offset + k2;
      let x2 =
        k2 === -d || (k2 !== d && backward[i2 - 1]! < backward[i2 + 1]!)
          ? backward[i2 + 1]!
          : backward[i2 - 1]! + 1;
      let y2 = x2 - k2;
      while (x2 < n && y2 < m && a[aHi - 1 - x2] === b[bHi - 1 - y2]) {
        x2 += 1;
        y2 += 1;
      }
      backward[i2] = x2;
      if (x2 > n) k2end += 2;
      else if (y2 > m) k2start += 2;
      else if (!front) {
        const i1 = offset + delta - k2;
        if (i1 >= 0 && i1 < size && forward[i1] !== -1) {
          const x1 = forward[i1]!;
          const y1 = offset + x1 - i1;
          if (x1 >= n - x2) return { x: x1, y: y1 };
        }
      }
    }
  }
  return null;
}
