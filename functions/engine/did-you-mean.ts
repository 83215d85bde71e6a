/** Edit distance with adjacent transpositions (optimal string alignment): `fromat` is one from `format`. */
export function typoDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate a typo most likely meant, or undefined when none is close (at most 2 edits, fewer for short words). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(2, Math.floor(word.length / 3));
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = typoDistance(word.toLowerCase(), candidate.toLowerCase());
    // A prefix counts too: `--conf` means `--config`.
    const prefix = word.length >= 3 && candidate.startsWith(word);
    const score = prefix ? Math.min(d, 1) : d;
    if (score <= limit && (!best || score < best.d)) best = { candidate, d: score };
  }
  return best?.candidate;
}
