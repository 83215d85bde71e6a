import { isOnlyPlaces } from '../extract/countries.js';
import { meaningOfHeader, normaliseHeader } from '../extract/field-synonyms.js';
import type { ThirdParty } from '../model.js';
import { buildThirdParty } from './structured-entry.js';
import type { GroupFields, GroupValue } from './structured-entry.js';
import { readEntryFields } from './structured-fields.js';
import type { EntryFields } from './structured-fields.js';
import { childPointer } from './structured-tree.js';
import type { StructuredTree } from './structured-tree.js';
import { isMapping, textItems } from './structured-values.js';

/**
 * How many keys that do not name a vendor list (`infrastructure:`, `jobs:`) the walk may pass
 * through before it stops looking. One is enough for category groups; it is also what keeps
 * `jobs.build.steps[]` in a GitHub workflow (`name:` + `uses:`) from reading as vendors.
 * A key that names a list (`vendors:`, `subprocessors:`, `services:`) restores it.
 */
const LABEL_BUDGET = 1;
/** Vendor lists are a few levels deep; this bounds the walk on pathological input. */
const MAX_DEPTH = 64;

interface Walk {
  group: GroupFields;
  budget: number;
  depth: number;
  /** Items of a `thirdParties` list: our own format, where a name alone makes an entry. */
  lenient: boolean;
  tree: StructuredTree;
  out: ThirdParty[];
}

const NO_GROUP: GroupFields = { purpose: null, location: null };

function isListKey(key: string): boolean {
  const meaning = meaningOfHeader(key);
  return meaning === 'name' || meaning === 'service';
}

/**
 * A vendor has a name and says something about itself; a mapping keyed by its name must say
 * two things, because config objects (`repository: {url: …}`) look like that too.
 */
function qualifies(fields: EntryFields, keyName: string | null, lenient: boolean): boolean {
  const { purpose, location } = fields.fields;
  const kinds = [purpose, location, fields.links.length > 0 || fields.hasLinkField].filter(Boolean);
  if (fields.name) return lenient || kinds.length >= 1;
  return keyName !== null && kinds.length >= (lenient ? 1 : 2);
}

function labelled(
  label: string | null,
  items: GroupValue | null,
  asPlace: boolean,
): GroupValue | null {
  if (items) return items;
  if (label === null || isOnlyPlaces(label) !== asPlace) return null;
  return { items: [label] };
}

/**
 * What a group gives its entries: its own purpose/location keys, else its label (a mapping key
 * or its `name:`; a label that is only places is a location), else what its parent gave. Only
 * scalar values count, so a nested vendor is never read as its group's field. The root's
 * purpose-like keys (`description:`) describe the file, so the root gives a location only.
 */
function groupOf(
  entry: Record<string, unknown>,
  pointer: string,
  walk: Walk,
  keyName: string | null,
  root: boolean,
): GroupFields {
  const scalars = Object.fromEntries(
    Object.entries(entry).filter(([, v]) => textItems(v) !== null && !isMapping(v)),
  );
  const fields = readEntryFields(scalars, pointer);
  const label = keyName ?? fields.name?.items[0] ?? null;
  const own = (field: 'purpose' | 'location'): GroupValue | null => {
    const value = fields.fields[field];
    return value ? { items: value.items } : null;
  };
  return {
    purpose: root
      ? walk.group.purpose
      : (labelled(label, own('purpose'), false) ?? walk.group.purpose),
    location: labelled(label, own('location'), true) ?? walk.group.location,
  };
}

function visitObject(
  entry: Record<string, unknown>,
  pointer: string,
  walk: Walk,
  keyName: string | null,
  root = false,
): void {
  if (walk.depth > MAX_DEPTH) return;
  const fields = readEntryFields(entry, pointer);
  const isEntry = !root && qualifies(fields, keyName, walk.lenient);
  const inner: Walk = {
    ...walk,
    group: groupOf(entry, pointer, walk, keyName, root),
    depth: walk.depth + 1,
  };
  const before = walk.out.length;
  // A named thing's nested data (evidence, links, locations) is its own: only a vendor list
  // under it (`vendors:`) can hold further vendors. The root's name is the file's, not a vendor's.
  const named = !root && (isEntry || fields.name !== null);
  for (const [key, value] of Object.entries(entry)) {
    if (named && !isListKey(key)) continue;
    descend(key, value, childPointer(pointer, key), inner);
  }
  if (walk.out.length > before) return; // it held vendors: a group, not a vendor
  if (isEntry)
    walk.out.push(
      buildThirdParty(
        { pointer, fields, keyName: fields.name ? null : keyName, group: walk.group },
        walk.tree,
      ),
    );
}

function visitList(items: readonly unknown[], pointer: string, walk: Walk): void {
  if (walk.depth > MAX_DEPTH) return;
  const inner = { ...walk, depth: walk.depth + 1 };
  items.forEach((item, index) => {
    if (isMapping(item)) visitObject(item, childPointer(pointer, index), inner, null);
    else if (Array.isArray(item)) visitList(item, childPointer(pointer, index), inner);
  });
}

function descend(key: string, value: unknown, pointer: string, walk: Walk): void {
  if (!isMapping(value) && !Array.isArray(value)) return;
  if (isListKey(key)) {
    const lenient = normaliseHeader(key) === 'third parties';
    const next: Walk = { ...walk, budget: LABEL_BUDGET, lenient };
    if (Array.isArray(value)) visitList(value, pointer, next);
    else visitObject(value, pointer, next, null);
    return;
  }
  if (walk.budget <= 0) return;
  const next: Walk = { ...walk, budget: walk.budget - 1, lenient: false };
  if (isMapping(value)) return visitObject(value, pointer, next, key);
  const group: GroupFields = {
    purpose: labelled(key, null, false) ?? walk.group.purpose,
    location: labelled(key, null, true) ?? walk.group.location,
  };
  visitList(value, pointer, { ...next, group });
}

/** The third parties in a parsed YAML/JSON value, from every vendor-list shape we know. */
export function extractStructuredThirdParties(value: unknown, tree: StructuredTree): ThirdParty[] {
  const walk: Walk = {
    group: NO_GROUP,
    budget: LABEL_BUDGET,
    depth: 0,
    lenient: false,
    tree,
    out: [],
  };
  if (Array.isArray(value)) visitList(value, '', walk);
  else if (isMapping(value)) visitObject(value, '', walk, null, true);
  return walk.out;
}
