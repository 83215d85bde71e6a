import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(en);

/** Region names recognised beside ISO 3166 countries; Europe alone is too vague to map. */
const REGIONS: [string, string][] = [
  ['European Union', 'EU'],
  ['European Economic Area', 'EEA'],
  ['EU', 'EU'],
  ['EEA', 'EEA'],
  ['E.U.', 'EU'],
];

/** Short forms are matched case-sensitively: "us" and "in" are ordinary words. */
const SHORT = 4;

interface Matcher {
  pattern: RegExp;
  codes: Map<string, string>;
}

function buildMatcher(names: [string, string][], flags: string): Matcher {
  const codes = new Map<string, string>();
  for (const [name, code] of names)
    codes.set(flags.includes('i') ? name.toLowerCase() : name, code);
  const alternatives = [...codes.keys()]
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
  // Letters on either side mean the name is part of a longer word ("Germanys" is not, "Oman" in "Romania" is not).
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`,
    `gu${flags}`,
  );
  return { pattern, codes };
}

function allNames(): { long: [string, string][]; short: [string, string][] } {
  const long: [string, string][] = [];
  const short: [string, string][] = [];
  const names = countries.getNames('en', { select: 'all' }) as Record<string, string[]>;
  for (const [code, list] of Object.entries(names)) {
    for (const name of list) (name.length < SHORT ? short : long).push([name, code]);
  }
  for (const [name, code] of REGIONS) (name.length < SHORT ? short : long).push([name, code]);
  short.push(['UK', 'GB'], ['U.K.', 'GB']);
  return { long, short };
}

const { long, short } = allNames();
const longMatcher = buildMatcher(long, 'i');
const shortMatcher = buildMatcher(short, '');

/** A place named in a text: its code and where it stands. */
export interface PlaceMatch {
  code: string;
  index: number;
  length: number;
}

/** Every country or region named in a text, in order of appearance. */
export function findPlaces(text: string): PlaceMatch[] {
  let found = cache.get(text);
  if (!found) {
    // Location texts repeat ("United States") and the name pattern is large: remember answers.
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, (found = scan(text)));
  }
  return found;
}

const CACHE_LIMIT = 10_000;
const cache = new Map<string, PlaceMatch[]>();

function scan(text: string): PlaceMatch[] {
  const found: PlaceMatch[] = [];
  for (const m of text.matchAll(longMatcher.pattern)) {
    const code = longMatcher.codes.get(m[0].replace(/\s+/g, ' ').toLowerCase());
    if (code) found.push({ code, index: m.index, length: m[0].length });
  }
  for (const m of text.matchAll(shortMatcher.pattern)) {
    const code = shortMatcher.codes.get(m[0]);
    if (code) found.push({ code, index: m.index, length: m[0].length });
  }
  return found.sort((a, b) => a.index - b.index);
}

/** ISO 3166 alpha-2 codes (and `EU`/`EEA`) named in a location text, in order, each once. */
export function recogniseCountries(text: string): string[] {
  return [...new Set(findPlaces(text).map((f) => f.code))];
}

/** True when the whole text is nothing but a list of places ("Belgium; Netherlands", "US / EU"). */
export function isOnlyPlaces(text: string): boolean {
  const rest = text
    .replace(longMatcher.pattern, ' ')
    .replace(shortMatcher.pattern, ' ')
    .replace(/\b(and|or|the)\b/gi, ' ')
    .replace(/[\s,;/&()|.-]+/g, '');
  return rest === '' && recogniseCountries(text).length > 0;
}

/** A code's official English name for messages ("KR" → "South Korea"; EU/EEA spelled out). */
export function countryName(code: string): string {
  if (code === 'EU') return 'the European Union';
  if (code === 'EEA') return 'the European Economic Area';
  return (
    countries.getName(code, 'en', { select: 'alias' }) ?? countries.getName(code, 'en') ?? code
  );
}
