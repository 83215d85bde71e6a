import { recogniseCountries } from '../extract/countries.js';
import { normaliseHeader } from '../extract/field-synonyms.js';
import { chooseGdprLink } from '../extract/gdpr-link.js';
import type { EntryLink, FieldOrigin, ThirdParty } from '../model.js';
import type { EntryFields, FieldValue } from './structured-fields.js';
import type { StructuredTree } from './structured-tree.js';

/** A purpose or location that a group gives the entries under it. */
export interface GroupValue {
  items: string[];
}

/** What the enclosing groups say about the entries under them. */
export interface GroupFields {
  purpose: GroupValue | null;
  location: GroupValue | null;
}

/** Everything needed to turn one vendor mapping into a `ThirdParty`. */
export interface EntrySource {
  /** Pointer of the entry mapping. */
  pointer: string;
  fields: EntryFields;
  /** The vendor's name when it is the mapping key (`Mailgun: {…}`) and no field names it. */
  keyName: string | null;
  group: GroupFields;
}

function fieldOrGroup(
  own: FieldValue | undefined,
  group: GroupValue | null,
): { items: string[]; origin: FieldOrigin } | null {
  if (own) return { items: own.items, origin: 'entry' };
  return group ? { items: group.items, origin: 'group' } : null;
}

function countriesOf(items: readonly string[]): string[] {
  return [...new Set(items.flatMap((item) => recogniseCountries(item)))];
}

function optionalFields(fields: EntryFields): Partial<ThirdParty> {
  const extra: Partial<ThirdParty> = {};
  const { transfer, effective, lastReviewed, dataCategories } = fields.fields;
  if (transfer) extra.transfer = transfer.items.join(', ');
  if (effective) extra.effective = effective.items.join(', ');
  if (lastReviewed) extra.lastReviewed = lastReviewed.items.join(', ');
  if (dataCategories) extra.dataCategories = [...dataCategories.items];
  return extra;
}

/** Builds the third party for one vendor mapping, positioned by the tree. */
export function buildThirdParty(source: EntrySource, tree: StructuredTree): ThirdParty {
  const { fields, pointer, keyName, group } = source;
  const name = fields.name?.items[0] ?? keyName ?? '';
  const keySpan = tree.keySpanAt(pointer);
  const entrySpan = tree.spanAt(pointer);
  const position = fields.name ? tree.spanAt(fields.name.pointer) : (keySpan ?? entrySpan);
  // A vendor keyed by its name starts at the key, not at its first field.
  const line =
    keyName !== null && keySpan ? Math.min(keySpan.line, entrySpan.line) : entrySpan.line;
  const purpose = fieldOrGroup(fields.fields.purpose, group.purpose);
  const location = fieldOrGroup(fields.fields.location, group.location);
  const links: EntryLink[] = fields.links.map((link) => ({
    text: link.text,
    url: link.url,
    line: tree.spanAt(link.pointer).line,
  }));
  // Judge links by their key in words: `dpa_url` is about a DPA, but `\bdpa\b` cannot see it.
  const verdict = chooseGdprLink(
    links.map((link) => ({ text: normaliseHeader(link.text), url: link.url })),
  );
  const origins: ThirdParty['origins'] = {};
  if (purpose) origins.purpose = purpose.origin;
  if (location) origins.location = location.origin;
  return {
    name,
    position,
    line,
    endLine: Math.max(line, entrySpan.endLine),
    purpose: purpose ? purpose.items.join(', ') : null,
    location: location ? location.items.join(', ') : null,
    countries: location ? countriesOf(location.items) : [],
    gdprLink: verdict.url,
    gdprLinkFoundInstead: verdict.foundInstead,
    links,
    shape: 'structured',
    origins,
    ...optionalFields(fields),
  };
}
