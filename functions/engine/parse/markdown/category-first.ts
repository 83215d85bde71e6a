import categories from '../../../../policies/data/service-categories.json' with { type: 'json' };
import { isOnlyPlaces, recogniseCountries } from '../../extract/countries.js';
import type { GroupLocation } from './context.js';
import { cleanName, isPlausibleName } from './names.js';

const CATEGORY_WORDS = new Set(categories.words);
// A regional-indicator pair: 🇩🇪, 🇪🇺.
const FLAG = /^(\p{Regional_Indicator}{2})\s*/u;
// "Backend: Hetzner", "**Payments:** Stripe", "Email – Postmark".
const LABEL_VALUE = /^([^:–—]{2,40}?)\s*(?:[:–—]|\s-\s)\s*(.+)$/su;
// Where a vendor's name ends in a value: its qualifier, a comma, "for …", "with …".
const NAME_END = /\s*(?:\(|,|;|\s(?:for|with|via|to|as|on|in|from|and)\s|\s[-–—]\s|$)/u;

export interface CategoryLine {
  name: string;
  /** Where the name starts in the line's text. */
  nameIndex: number;
  purpose: string;
  /** A place written after the name ("Hetzner, Germany"). */
  place: GroupLocation | null;
  /** The place the line's flag stands for, else `place`. */
  location: GroupLocation | null;
}

/** The country a flag stands for (🇩🇪 → DE); 🇪🇺 is the EU. */
function flagCode(flag: string): string {
  return [...flag].map((c) => String.fromCharCode(c.codePointAt(0)! - 0x1f1e6 + 65)).join('');
}

/** True when every word of a label is a word for a kind of service ("Bug Tracking", "E-Mail"). */
export function isCategoryLabel(label: string): boolean {
  const words = label
    .toLowerCase()
    .split(/[\s/&]+/)
    .filter(Boolean);
  return words.length > 0 && words.length <= 3 && words.some((w) => CATEGORY_WORDS.has(w));
}

/** True when a text is nothing but words for kinds of service: no name among them. */
export function isOnlyCategoryWords(text: string): boolean {
  const words = text
    .toLowerCase()
    .split(/[\s/&]+/)
    .filter(Boolean);
  return words.length > 0 && words.every((w) => CATEGORY_WORDS.has(w));
}

/**
 * A category-first line ("🇩🇪 Backend: Hetzner Dedicated, Germany", "Payments: Stripe"): the
 * label is a kind of service, so the vendor is the value's leading name and the label its
 * purpose; a flag or a trailing place is its location. Null when the line is not one: the
 * label is not a category, or the value does not start with a name.
 */
export function readCategoryLine(text: string, linkTexts: readonly string[]): CategoryLine | null {
  const flag = FLAG.exec(text);
  const body = flag ? text.slice(flag[0].length) : text;
  const split = LABEL_VALUE.exec(body);
  if (!split?.[1] || !split[2]) return null;
  const label = split[1].trim();
  const value = split[2].trim();
  if (!isCategoryLabel(label)) return null;
  // The value's leading link names the vendor ("Our hosting partner [Fastly]" does not lead).
  const link = linkTexts.find((t) => value.startsWith(t));
  const name = cleanName(link ?? value.split(NAME_END)[0] ?? '');
  if (!name || !/^[\p{Lu}\p{N}]/u.test(name) || !isPlausibleName(name) || isOnlyCategoryWords(name))
    return null;
  const after = value.slice(name.length);
  const place = /^,\s*([^,(]+?)\s*$/.exec(after)?.[1];
  const written: GroupLocation | null =
    place && isOnlyPlaces(place) ? { text: place, countries: recogniseCountries(place) } : null;
  const flagged: GroupLocation | null = flag
    ? { text: flag[1]!, countries: [flagCode(flag[1]!)] }
    : null;
  return {
    name,
    nameIndex: text.indexOf(name),
    purpose: label,
    place: written,
    location: written ?? flagged,
  };
}

// The nouns a description of a service ends with: "Email provider", "CDN service".
const GENERIC_NOUN =
  /\s*\b(?:providers?|services?|platforms?|tools?|vendors?|processors?|compan(?:y|ies))$/i;

/**
 * True when a name cell holds no company: a placeholder ("[Hosting provider — TBD]", "TBD")
 * or only a description of a kind of service ("Email provider"): a row still to be filled in.
 */
export function isNotACompany(name: string): boolean {
  if (/^\[.*\]$/s.test(name.trim()) || /\b(?:TBD|TODO|FIXME|XXX)\b/.test(name)) return true;
  if (!GENERIC_NOUN.test(name)) return false;
  const rest = name.replace(GENERIC_NOUN, '').trim();
  return rest === '' || isOnlyCategoryWords(rest);
}
