import type { Mention } from '../rules/rule.js';
import type { KnownProcessor } from './legal-data.js';

// Names that are also words ("Segment", "Square") count only where the text makes them a service.
const SERVICE_CONTEXT =
  /\b(analytics|tracking|tracker|pixel|cookies?|api|sdk|account|integration|plugin|widget|service|platform|payments?|checkout|cdn|dashboard|app)\b/i;

interface Matcher {
  /** Every name and alias in one pattern: one pass over each line, however many services. */
  exact: RegExp;
  /** "Google Analyics": the words before the last of a multi-word name, then any word. */
  fuzzy: RegExp;
  byName: Map<string, KnownProcessor>;
  /** For the fuzzy pass: the name's leading words → the full names that start with them. */
  byPrefix: Map<string, string[]>;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bounded = (body: string): RegExp =>
  new RegExp(`(?<![\\p{L}\\p{N}])(?:${body})(?![\\p{L}\\p{N}])`, 'gu');

const cache = new WeakMap<readonly KnownProcessor[], Matcher>();

function matcherFor(processors: readonly KnownProcessor[]): Matcher {
  let built = cache.get(processors);
  if (built) return built;
  const byName = new Map<string, KnownProcessor>();
  const byPrefix = new Map<string, string[]>();
  for (const p of processors) {
    for (const name of [p.name, ...p.aliases]) {
      byName.set(name, p);
      const words = name.split(' ');
      const last = words.pop() ?? '';
      // Only a long last word can carry a typo that still reads as the name.
      if (words.length > 0 && last.length >= 6) {
        const prefix = words.join(' ');
        byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), name]);
      }
    }
  }
  const names = [...byName.keys()].sort((a, b) => b.length - a.length).map(escape);
  const prefixes = [...byPrefix.keys()].sort((a, b) => b.length - a.length).map(escape);
  built = {
    // Case-sensitive: "slack" and "stripe" in running text are usually words, not vendors.
    exact: bounded(names.join('|')),
    fuzzy: bounded(`(?:${prefixes.join('|') || '(?!)'})\\s\\p{L}{5,}`),
    byName,
    byPrefix,
  };
  cache.set(processors, built);
  return built;
}

/** Optimal string alignment distance, capped: is `a` one typo away from `b`? */
function oneTypoApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j += 1) d[0]![j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]! <= 1;
}

function inServiceContext(line: string, index: number, length: number): boolean {
  const linked = line[index - 1] === '[' && line[index + length] === ']';
  const around = line.slice(Math.max(0, index - 30), index + length + 30);
  return linked || SERVICE_CONTEXT.test(around);
}

/** The first mention of each known service in a document's lines, typos of long names included. */
export function findMentions(
  lines: readonly string[],
  processors: readonly KnownProcessor[],
): Mention[] {
  const found = new Map<string, Mention>();
  if (processors.length === 0) return [];
  const m = matcherFor(processors);
  const record = (service: string, text: string, line: number, index: number): void => {
    if (found.has(service)) return;
    found.set(service, {
      service,
      text,
      span: { line, column: index + 1, endLine: line, endColumn: index + 1 + text.length },
    });
  };
  lines.forEach((line, i) => {
    for (const hit of line.matchAll(m.exact)) {
      const service = m.byName.get(hit[0]);
      if (!service || (service.ambiguous && !inServiceContext(line, hit.index, hit[0].length)))
        continue;
      record(service.name, hit[0], i + 1, hit.index);
    }
    for (const hit of line.matchAll(m.fuzzy)) {
      const cut = hit[0].lastIndexOf(' ');
      const written = hit[0].slice(cut + 1);
      for (const name of m.byPrefix.get(hit[0].slice(0, cut)) ?? []) {
        const service = m.byName.get(name);
        if (service && oneTypoApart(written, name.slice(name.lastIndexOf(' ') + 1)))
          record(service.name, hit[0], i + 1, hit.index);
      }
    }
  });
  return [...found.values()];
}
