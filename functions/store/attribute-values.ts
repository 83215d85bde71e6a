import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Plain JSON values to DynamoDB attribute values and back, by hand: `@aws-sdk/util-dynamodb`
 * is not installed, and the results store only ever stores JSON-shaped data (strings, finite
 * numbers, booleans, null, arrays, objects), so a full marshaller would buy nothing.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function toAttribute(value: Json): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'boolean') return { BOOL: value };
  if (typeof value === 'number') {
    // DynamoDB has no NaN or Infinity; failing here names the problem, DynamoDB would not.
    if (!Number.isFinite(value)) throw new Error(`cannot store the number ${value} in DynamoDB`);
    return { N: String(value) };
  }
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  return { M: toAttributes(value) };
}

/** Object properties that are undefined are left out, as JSON.stringify would. */
export function toAttributes(value: {
  [key: string]: Json | undefined;
}): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toAttribute(v);
  return out;
}

export function fromAttribute(value: AttributeValue): Json {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.M !== undefined) return fromAttributes(value.M);
  // Sets and binaries never hold summary data; meeting one means the item is not ours.
  throw new Error(`unexpected attribute type ${Object.keys(value).join(',')}`);
}

export function fromAttributes(item: Record<string, AttributeValue>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, v] of Object.entries(item)) out[key] = fromAttribute(v);
  return out;
}

/**
 * The size DynamoDB charges and limits (400 KB) an item by, following its published rules:
 * names and strings in UTF-8 bytes, binaries raw, numbers about one byte per two significant
 * digits plus one, null and booleans one byte, lists and maps 3 bytes plus one per element.
 * Numbers are rounded up so the estimate errs on the large side.
 */
export function itemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8(name) + valueSize(value);
  return size;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8(value.S);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.N !== undefined) return numberSize(value.N);
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) return 3 + value.L.reduce((n, v) => n + 1 + valueSize(v), 0);
  if (value.M !== undefined) return 3 + itemSize(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined) return value.SS.reduce((n, s) => n + utf8(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((n, s) => n + numberSize(s), 0);
  if (value.BS !== undefined) return value.BS.reduce((n, b) => n + b.byteLength, 0);
  return 0;
}

function numberSize(n: string): number {
  const digits = n.replace(/[^0-9]/g, '').replace(/^0+/, '').length;
  return Math.ceil(digits / 2) + 1;
}

function utf8(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
