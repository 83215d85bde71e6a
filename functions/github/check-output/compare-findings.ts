import { textKey } from './markdown.js';
import type { FindingComparison, PathFinding } from './types.js';

/**
 * Compares a pull request's findings with its base's by fingerprint, never by line, so a
 * finding that only moved is neither introduced nor fixed. Fingerprints are counted as a
 * multiset: a fingerprint twice on the head and once on the base is one unchanged and one
 * introduced (the later one, in head order). Without a base result (`null`) nothing is known
 * to pre-exist, so every head finding counts as introduced: a pull request is never let
 * through on findings nobody showed were already there.
 */
export function compareWithBase(
  head: readonly PathFinding[],
  base: readonly PathFinding[] | null,
): FindingComparison {
  if (base === null) return { introduced: [...head], fixed: [], unchanged: [] };
  const onBase = new Map<string, PathFinding[]>();
  for (const f of base) {
    const key = textKey(f.fingerprint);
    const list = onBase.get(key);
    if (list) list.push(f);
    else onBase.set(key, [f]);
  }
  const introduced: PathFinding[] = [];
  const unchanged: PathFinding[] = [];
  const used = new Map<string, number>();
  for (const f of head) {
    const key = textKey(f.fingerprint);
    const available = onBase.get(key)?.length ?? 0;
    const taken = used.get(key) ?? 0;
    if (taken < available) {
      used.set(key, taken + 1);
      unchanged.push(f);
    } else {
      introduced.push(f);
    }
  }
  const fixed: PathFinding[] = [];
  for (const [key, list] of onBase) {
    // The first `taken` base copies matched; the rest are gone from the head.
    for (const f of list.slice(used.get(key) ?? 0)) fixed.push(f);
  }
  // Keep the base's order for the fixed ones, whatever the map's grouping did.
  const order = new Map(base.map((f, i) => [f, i]));
  fixed.sort((a, b) => order.get(a)! - order.get(b)!);
  return { introduced, fixed, unchanged };
}
