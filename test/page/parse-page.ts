/**
 * Reads the page's table back into rows, as a reader (or a scraper) would: the test that the
 * page shows exactly what the signed JSON says.
 */
export interface TableRow {
  name: string;
  /** The vendor's other names, as other listings spell them. */
  otherNames: string[];
  purpose: string | null;
  location: string | null;
  gdprLink: string | null;
  source: string;
  problems: string[];
  failed: boolean;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

export const unescape = (html: string): string =>
  html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);

// A list inside a cell (a vendor's several sources or values) reads one item per line.
const text = (html: string): string =>
  unescape(html.replace(/<\/li><li>/g, '\n').replace(/<[^>]*>/g, '')).trim();

const orNull = (cell: string): string | null =>
  /^<span class="none">Not stated<\/span>$/.test(cell) ? null : text(cell);

export function parseTable(html: string): TableRow[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1];
  if (body === undefined) return [];
  const rows: TableRow[] = [];
  for (const m of body.matchAll(/<tr( class="(failed|why)")?>([\s\S]*?)<\/tr>/g)) {
    const cells = [...m[3]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!);
    if (m[2] === 'why') {
      rows
        .at(-1)!
        .problems.push(...[...cells[0]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((p) => text(p[1]!)));
      continue;
    }
    const [name = '', purpose = '', location = '', gdpr = '', source = ''] = cells;
    const href = /^<a href="([^"]*)">/.exec(gdpr)?.[1];
    const bad = /^<span class="badlink">([\s\S]*?)<\/span>/.exec(gdpr)?.[1];
    const aka = /<span class="aka">also listed as ([\s\S]*?)<\/span>/.exec(name);
    rows.push({
      name: text(name.replace(/ <span class="aka">[\s\S]*?<\/span>/, '')),
      otherNames: aka
        ? [...aka[1]!.matchAll(/<bdi>([\s\S]*?)<\/bdi>/g)].map((b) => text(b[1]!))
        : [],
      purpose: orNull(purpose),
      location: orNull(location),
      gdprLink: gdpr.startsWith('<ul')
        ? // Several links: each one's address, one per line.
          [...gdpr.matchAll(/<li>(?:<a href="([^"]*)">)?([\s\S]*?)<\/li>/g)]
            .map((l) => (l[1] !== undefined ? unescape(l[1]) : text(l[2]!)))
            .join('\n')
        : href !== undefined
          ? unescape(href)
          : bad !== undefined
            ? text(bad)
            : orNull(gdpr),
      source: text(source),
      problems: [],
      failed: m[2] === 'failed',
    });
  }
  return rows;
}

/** Every start tag of the page, with its attributes: `[name, { attr: value }]`. */
export function tags(html: string): [string, Record<string, string>][] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*>/g)].map(
    (m) => [
      m[1]!.toLowerCase(),
      Object.fromEntries(
        [...m[2]!.matchAll(/([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((a) => [
          a[1]!,
          unescape(a[2] ?? ''),
        ]),
      ),
    ],
  );
}
