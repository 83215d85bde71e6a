import type { Mention } from '../rules/rule.js';
import type { KnownProcessor } from './legal-data.js';
import { typoDistance } from '../did-you-mean.js';

// Names that are also words ("Segment", "Square") count only where the text makes them a service.
const SERVICE_CONTEXT =
  /\b(analytics|tracking|tracker|pixel|cookies?|api|sdk|account|integration|plugin|widget|service|platform|payments?|checkout|cdn|dashboard|app)\b/i;

interface Matcher {
  /** First word of a name or alias → the names that start with it, longest first. */
  byFirstWord: Map<string, string[]>;
  /** First word → multi-word names whose last word may carry a typo ("Google Analyics"). */
  fuzzyByFirstWord: Map<string, { prefix: string; name: string }[]>;
  byName: Map<string, KnownProcessor>;
}

const WORD = /[\p{L}\p{N}]+/gu;
const isWordChar = (c: string | undefined): boolean => c !== undefined && /[\p{L}\p{N}]/u.test(c);
const firstWord = (name: string): string => /[\p{L}\p{N}]+/u.exec(name)?.[0] ?? name;

const cache = new WeakMap<readonly KnownProcessor[], Matcher>();

/** Names indexed by their first word: a line is read word by word, once, whatever the list's size. */
function matcherFor(processors: readonly KnownProcessor[]): Matcher {
  let built = cache.get(processors);
  if (built) return built;
  const byName = new Map<string, KnownProcessor>();
  const byFirstWord = new Map<string, string[]>();
  const fuzzyByFirstWord = new Map<string, { prefix: string; name: string }[]>();
  const add = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    map.set(key, [...(map.get(key) ?? []), value]);
  };
  for (const p of processors) {
    for (const name of [p.name, ...p.aliases]) {
      byName.set(name, p);
      add(byFirstWord, firstWord(name), name);
      const cut = name.lastIndexOf(' ');
      // Only a long last word can carry a typo that still reads as the name.
      if (cut > 0 && name.length - cut - 1 >= 6)
        add(fuzzyByFirstWord, firstWord(name), { prefix: name.slice(0, cut + 1), name });
    }
  }
  for (const names of byFirstWord.values()) names.sort((a, b) => b.length - a.length);
  built = { byFirstWord, fuzzyByFirstWord, byName };
  cache.set(processors, built);
  return built;
}

/** Is `a` one typo away from `b` (optimal string alignment, the one `did you mean` uses)? */
function oneTypoApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  return typoDistance(a, b) <= 1;
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
    for (const word of line.matchAll(WORD)) {
      const at = word.index;
      // Case-sensitive: "slack" and "stripe" in running text are usually words, not vendors.
      const exact = (m.byFirstWord.get(word[0]) ?? []).find(
        (name) =>
          line.startsWith(name, at) &&
          !isWordChar(line[at + name.length]) &&
          !isWordChar(line[at - 1]),
      );
      const service = exact ? m.byName.get(exact) : undefined;
      if (exact && service && !(service.ambiguous && !inServiceContext(line, at, exact.length))) {
        record(service.name, exact, i + 1, at);
        continue;
      }
      for (const { prefix, name } of m.fuzzyByFirstWord.get(word[0]) ?? []) {
        if (!line.startsWith(prefix, at)) continue;
        const written = /^[\p{L}]+/u.exec(line.slice(at + prefix.length))?.[0] ?? '';
        const target = name.slice(prefix.length);
        const fuzzy = m.byName.get(name);
        if (fuzzy && oneTypoApart(written, target)) record(fuzzy.name, prefix + written, i + 1, at);
      }
    }
  });
  return [...found.values()];
}
