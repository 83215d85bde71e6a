import type { Mention } from '../rules/rule.js';
import type { KnownProcessor } from './legal-data.js';

// Names that are also words ("Segment", "Square") count only where the text makes them a service.
const SERVICE_CONTEXT =
  /\b(analytics|tracking|tracker|pixel|cookies?|api|sdk|account|integration|plugin|widget|service|platform|payments?|checkout|cdn|dashboard|app)\b/i;

interface Matcher {
  service: string;
  pattern: RegExp;
  ambiguous: boolean;
}

const cache = new WeakMap<readonly KnownProcessor[], Matcher[]>();

function matchers(processors: readonly KnownProcessor[]): Matcher[] {
  let built = cache.get(processors);
  if (!built) {
    built = processors.map((p) => {
      const names = [p.name, ...p.aliases]
        .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .sort((a, b) => b.length - a.length);
      // Case-sensitive: "slack" and "stripe" in running text are usually words, not vendors.
      return {
        service: p.name,
        ambiguous: p.ambiguous,
        pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.join('|')})(?![\\p{L}\\p{N}])`, 'gu'),
      };
    });
    cache.set(processors, built);
  }
  return built;
}

function inServiceContext(line: string, index: number, length: number): boolean {
  const linked = line[index - 1] === '[' && line[index + length] === ']';
  const around = line.slice(Math.max(0, index - 30), index + length + 30);
  return linked || SERVICE_CONTEXT.test(around);
}

/** The first mention of each known service in a document's lines. */
export function findMentions(
  lines: readonly string[],
  processors: readonly KnownProcessor[],
): Mention[] {
  const found = new Map<string, Mention>();
  const all = matchers(processors);
  lines.forEach((line, i) => {
    for (const m of all) {
      if (found.has(m.service)) continue;
      for (const hit of line.matchAll(m.pattern)) {
        if (m.ambiguous && !inServiceContext(line, hit.index, hit[0].length)) continue;
        const column = hit.index + 1;
        found.set(m.service, {
          service: m.service,
          text: hit[0],
          span: { line: i + 1, column, endLine: i + 1, endColumn: column + hit[0].length },
        });
        break;
      }
    }
  });
  return [...found.values()];
}
