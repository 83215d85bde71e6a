import { meaningOfHeader, normaliseHeader } from '../extract/field-synonyms.js';
import type { Field } from '../extract/field-synonyms.js';
import { collectLinks } from './structured-links.js';
import type { FoundLink } from './structured-links.js';
import { childPointer } from './structured-tree.js';
import { textItems } from './structured-values.js';

/** The fields an entry carries as text (everything but its name and its links). */
export type TextField = Exclude<Field, 'name' | 'link'>;

/** One field of an entry as written: its key, where its value is, and its text items. */
export interface FieldValue {
  key: string;
  pointer: string;
  items: string[];
}

/** What one mapping says, read through the shared field synonyms. */
export interface EntryFields {
  name: FieldValue | null;
  fields: Partial<Record<TextField, FieldValue>>;
  links: FoundLink[];
  /** A key that means a link (`website`, `dpa`) had a value, URL or not. */
  hasLinkField: boolean;
}

const CANONICAL: Record<Field, string> = {
  name: 'name',
  purpose: 'purpose',
  location: 'location',
  link: 'link',
  transfer: 'transfer',
  effective: 'effective',
  lastReviewed: 'last reviewed',
  dataCategories: 'data categories',
};

const TEXT_FIELDS: readonly TextField[] = [
  'purpose',
  'location',
  'transfer',
  'effective',
  'lastReviewed',
  'dataCategories',
];

/** The exact field name wins over a synonym (`purpose` over `category`), then the first key. */
function pick(field: Field, candidates: FieldValue[]): FieldValue | null {
  const filled = candidates.filter((c) => c.items.length > 0);
  return filled.find((c) => normaliseHeader(c.key) === CANONICAL[field]) ?? filled[0] ?? null;
}

/** Reads a mapping's keys through `meaningOfHeader`: its name, text fields and links. */
export function readEntryFields(entry: Record<string, unknown>, pointer: string): EntryFields {
  const byMeaning = new Map<Field | 'service', FieldValue[]>();
  let hasLinkField = false;
  for (const [key, value] of Object.entries(entry)) {
    const meaning = meaningOfHeader(key);
    if (meaning === null) continue;
    const items = textItems(value);
    if (meaning === 'link') hasLinkField ||= items === null || items.length > 0;
    // A name is one scalar; a list under a name-like key is a list of vendors, not a name.
    if (!items || (meaning === 'name' && typeof value === 'object')) continue;
    const list = byMeaning.get(meaning) ?? [];
    list.push({ key, pointer: childPointer(pointer, key), items });
    byMeaning.set(meaning, list);
  }
  const names = byMeaning.get('name') ?? [];
  const services = byMeaning.get('service') ?? [];
  // As in tables: a `service` key names the vendor only when nothing stronger does (and only
  // as one scalar); beside a name, `services: [SMS, Voice]` says what the vendor does.
  const serviceNames = services.filter((c) => typeof entry[c.key] !== 'object');
  const name = pick('name', names.length > 0 ? names : serviceNames);
  const fields: Partial<Record<TextField, FieldValue>> = {};
  for (const field of TEXT_FIELDS) {
    const candidates = byMeaning.get(field) ?? [];
    if (field === 'purpose' && names.length > 0) candidates.push(...services);
    const chosen = pick(field, candidates);
    if (chosen) fields[field] = chosen;
  }
  return { name, fields, links: collectLinks(entry, pointer), hasLinkField };
}
