import { meaningOfHeader } from '../extract/field-synonyms.js';
import { childPointer } from './structured-tree.js';
import { isMapping, isUrl } from './structured-values.js';

/** A URL found among an entry's values, with the key (or label) it sat under as its text. */
export interface FoundLink {
  text: string;
  url: string;
  pointer: string;
}

/** The label of a link written as a mapping (`{title: DPA, url: https://…}`): its first non-URL text. */
function labelOf(entry: Record<string, unknown>): string | null {
  for (const value of Object.values(entry))
    if (typeof value === 'string' && value.trim() && !isUrl(value)) return value.trim();
  return null;
}

function urlsIn(value: unknown, text: string, pointer: string, into: FoundLink[]): void {
  if (typeof value === 'string' && isUrl(value)) into.push({ text, url: value.trim(), pointer });
  else if (Array.isArray(value))
    value.forEach((item: unknown, i) => {
      if (typeof item === 'string') urlsIn(item, text, childPointer(pointer, i), into);
    });
}

/** Links written under a link key: `links: {dpa: https://…}` or `links: [{title, url}]`. */
function nestedLinks(value: unknown, pointer: string, into: FoundLink[]): void {
  const items = Array.isArray(value) ? value : [value];
  items.forEach((item: unknown, i) => {
    if (!isMapping(item)) return;
    const at = Array.isArray(value) ? childPointer(pointer, i) : pointer;
    const label = labelOf(item);
    for (const [key, inner] of Object.entries(item))
      urlsIn(inner, label ?? key, childPointer(at, key), into);
  });
}

/**
 * Every URL among an entry's own values, with its key as the link text (so `homepage` and
 * `gdprLink` are told apart by `chooseGdprLink`). Values nested in other keys (evidence,
 * contacts) are not the entry's links.
 */
export function collectLinks(entry: Record<string, unknown>, pointer: string): FoundLink[] {
  const links: FoundLink[] = [];
  for (const [key, value] of Object.entries(entry)) {
    const at = childPointer(pointer, key);
    urlsIn(value, key, at, links);
    if (meaningOfHeader(key) === 'link') nestedLinks(value, at, links);
  }
  return links;
}
