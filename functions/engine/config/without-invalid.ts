import type { ErrorObject } from 'ajv';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The config without the parts its schema errors point at, so the rest can still be read and
 * checked: a rule setting becomes empty (its id stays, to be checked against the rule pack),
 * a waiver loses the field at fault but keeps its rule id, another list entry becomes a hole
 * (the entries after it keep their index, and so their line), anything else goes. Null when
 * the config is not a mapping at all.
 */
export function withoutInvalid<T>(raw: unknown, errors: readonly ErrorObject[]): T | null {
  if (!isObject(raw)) return null;
  const rest = structuredClone(raw);
  for (const e of errors) {
    const [top, entry, field] = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (top === undefined) {
      if (e.keyword !== 'additionalProperties') return null;
      delete rest[String(e.params.additionalProperty)];
      continue;
    }
    const value = rest[top];
    const item: unknown = Array.isArray(value) && entry !== undefined ? value[Number(entry)] : null;
    if (entry !== undefined && top === 'rules' && isObject(value)) value[entry] = {};
    else if (top === 'waivers' && field !== undefined && field !== 'rule' && isObject(item))
      delete item[field];
    else if (entry !== undefined && Array.isArray(value) && /^\d+$/.test(entry))
      delete value[Number(entry)];
    else delete rest[top];
  }
  return rest as T;
}
