/**
 * The one answer to "are these two entries the same vendor?", used by every rule that
 * compares vendors: case, accents, punctuation and legal suffixes are ignored, a trade name
 * (`d/b/a Sentry`) or a parenthesised short form (`(AWS)`) counts, and an alias table maps
 * known names onto one.
 */

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'sarl',
  'bv',
  'nv',
  'plc',
  'corp',
  'corporation',
  'co',
  'company',
  'pty',
  'oy',
  'oyj',
  'ab',
  'as',
  'aps',
  'kk',
  'spa',
  'srl',
  'lp',
  'llp',
  'pte',
  'sl',
  'ug',
  'se',
  'kg',
  'pbc',
  'ltda',
  'bvba',
  'sprl',
  'kft',
  'sro',
  'spzoo',
  'sp zoo',
  'ohg',
  'holdings',
  'group',
]);

/** Words that name a company's kind, not the company: "Redis Labs" is Redis, "Mailgun Technologies" Mailgun. */
const GENERIC_SUFFIXES = new Set([
  'technologies',
  'technology',
  'labs',
  'software',
  'systems',
  'solutions',
  'international',
  'global',
]);

const TRADE_NAME = /\b(?:d\/b\/a|dba|doing business as|t\/a|trading as|aka|a\/k\/a)\b/i;

/** A table of names that mean one vendor, as data: each group lists its names. */
export type AliasTable = readonly (readonly string[])[];

const normalised = new Map<string, string>();

/** Memoised: every rule that compares vendors, and every fingerprint, asks for the same names. */
function normalise(name: string): string {
  let key = normalised.get(name);
  if (key === undefined) {
    if (normalised.size >= 10_000) normalised.clear();
    normalised.set(name, (key = normaliseUncached(name)));
  }
  return key;
}

function normaliseUncached(name: string): string {
  let text = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    // "S.A.", "B.V.", "d/b/a" arrive as single letters: join them so suffixes match.
    .replace(/(?<=^|\s)(\p{L})\s(?=\p{L}(?:\s|$))/gu, '$1')
    .replace(/^the /, '');
  // Strip suffixes one at a time from the end: "Foo Holdings Ltd" is Foo.
  for (;;) {
    const words = text.split(' ');
    let stripped = false;
    for (const size of [4, 3, 2, 1]) {
      if (words.length <= size) continue;
      const tail = words.slice(-size).join(' ');
      if (LEGAL_SUFFIXES.has(tail) || (size === 1 && GENERIC_SUFFIXES.has(tail))) {
        text = words.slice(0, -size).join(' ');
        stripped = true;
        break;
      }
    }
    // Without spaces, "DigitalOcean" and "Digital Ocean" meet.
    if (!stripped) return text.replace(/ /g, '');
  }
}

/** Builds the lookup from a normalised name to its group's canonical key. */
export function buildAliasIndex(aliases: AliasTable): Map<string, string> {
  const index = new Map<string, string>();
  for (const group of aliases) {
    const canonical = normalise(group[0] ?? '');
    for (const name of group) index.set(normalise(name), canonical);
  }
  return index;
}

/** Every key under which a vendor name is known; two names are one vendor when keys meet. */
export function vendorKeys(name: string, aliasIndex: ReadonlyMap<string, string>): string[] {
  const forms = new Set<string>([name]);
  for (const part of name.split(TRADE_NAME)) forms.add(part);
  const short = /\(([^()]{2,40})\)\s*$/.exec(name);
  if (short?.[1]) {
    forms.add(short[1]);
    forms.add(name.slice(0, short.index));
  }
  const keys = new Set<string>();
  for (const form of forms) {
    const key = normalise(form);
    if (!key) continue;
    keys.add(aliasIndex.get(key) ?? key);
  }
  return [...keys];
}

/** True when two names denote the same vendor. */
export function sameVendor(a: string, b: string, aliasIndex: ReadonlyMap<string, string>): boolean {
  const keys = new Set(vendorKeys(a, aliasIndex));
  return vendorKeys(b, aliasIndex).some((k) => keys.has(k));
}
