/** Narrowing helpers for values parsed from YAML or JSON. */

/** True for a YAML/JSON mapping (not an array, not null). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** True when a whole string value is a URL (`http(s)://…` or `www.…`). */
export function isUrl(text: string): boolean {
  return /^(?:https?:\/\/|www\.)\S+$/i.test(text.trim());
}

function scalarText(value: unknown): string[] | null {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (typeof value === 'number' && Number.isFinite(value)) return [String(value)];
  return null;
}

/**
 * The text items of a field value: a scalar, a list of scalars, or a flat mapping
 * (`location: {hosting: US, support: India}`). Anything deeper is not a field value:
 * a list of mappings is a list of things (vendors, evidence), not one field's text.
 */
export function textItems(value: unknown): string[] | null {
  const scalar = scalarText(value);
  if (scalar) return scalar;
  if (!Array.isArray(value) && !isMapping(value)) return null;
  const items: string[] = [];
  for (const part of Array.isArray(value) ? value : Object.values(value)) {
    const text = scalarText(part);
    if (!text) return null;
    items.push(...text);
  }
  return items;
}
