import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import policyFileSchema from '../../../policies/schemas/policy-file.schema.json' with { type: 'json' };
import { meaningOfHeader, normaliseHeader } from '../extract/field-synonyms.js';
import type { StructuredData } from '../model.js';
import { childPointer } from '../parse/structured-tree.js';
import type { RawFinding, RuleType } from '../rules/rule.js';

type Params = { schema: 'policy-file' };

const SCHEMAS = { 'policy-file': policyFileSchema } as const;
const validators = new Map<Params['schema'], ValidateFunction>();

/** Compiled on first use: most checks never meet a file that declares the schema. */
function validatorFor(name: Params['schema']): ValidateFunction {
  const cached = validators.get(name);
  if (cached) return cached;
  // verbose: errors carry the failing value and its schema (for descriptions and allowed keys).
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats.default(ajv); // ajv-formats is CommonJS: under NodeNext its function is `.default`
  const validate = ajv.compile(SCHEMAS[name]);
  validators.set(name, validate);
  return validate;
}

const unescape = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');

function property(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.entries(value).find(([k]) => k === key)?.[1];
}

/** Names the third party a pointer falls in (`/thirdParties/3/…` → its name), or null. */
function thirdPartyAt(
  data: StructuredData,
  pointer: string,
): { name: string | null; label: string } | null {
  const match = /^\/thirdParties\/(\d+)(?:\/|$)/.exec(pointer);
  if (!match) return null;
  const index = Number(match[1]);
  const name = property(property(property(data.value, 'thirdParties'), String(index)), 'name');
  if (typeof name === 'string' && name.trim()) return { name: name.trim(), label: name.trim() };
  return { name: null, label: `Third party ${index + 1} (unnamed)` };
}

/** The schema's own words for a field, lowercased to continue a sentence. */
function described(schema: unknown): string {
  const text = property(schema, 'description');
  if (typeof text !== 'string') return 'a value that matches the schema';
  return (text.charAt(0).toLowerCase() + text.slice(1)).replace(/\.$/, '');
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  const props = property(schema, 'properties');
  return props !== null && typeof props === 'object'
    ? Object.fromEntries(Object.entries(props))
    : {};
}

function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** A likely intended field for an unknown one: same words (`gdpr_link`), or a synonym (`country`). */
function suggestion(unknown: string, allowed: readonly string[]): string | null {
  const same = allowed.find((a) => normaliseHeader(a) === normaliseHeader(unknown));
  if (same) return same;
  const meaning = meaningOfHeader(unknown);
  // A `homepage` is a link but not a GDPR link: suggesting gdprLink would invite a wrong value.
  if (meaning === null || meaning === 'link' || meaning === 'service') return null;
  return allowed.find((a) => meaningOfHeader(a) === meaning) ?? null;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  array: 'a list',
  object: 'a mapping of fields',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

function kindOf(value: unknown): string {
  const type = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return TYPE_WORDS[type] ?? `a ${type}`;
}

/**
 * The schema's pattern for a vendor name: one printable line, since names are printed in
 * terminals, CI logs and check runs (the text renderers escape them too, for files without the
 * schema).
 */
export const NO_CONTROLS = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$';

/** What is wrong with a value, in words (ajv's own message as the fallback). */
function problemWith(error: ErrorObject): string {
  const p: Record<string, unknown> = error.params;
  const value = quote(error.data);
  switch (error.keyword) {
    case 'type': {
      const types = String(p['type'])
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? `a ${t}`);
      return `is ${value}, which is not ${types.join(' or ')}`;
    }
    case 'minLength':
      return 'is empty';
    case 'minItems':
      return 'is an empty list';
    case 'format':
      return `${value} is not a valid ${p['format'] === 'date' ? 'date (YYYY-MM-DD)' : p['format'] === 'uri' ? 'absolute URL' : String(p['format'])}`;
    case 'pattern':
      if (p['pattern'] === NO_CONTROLS) return `${value} holds a control character`;
      return p['pattern'] === '^https://'
        ? `${value} does not start with https://`
        : `${value} does not match ${String(p['pattern'])}`;
    default:
      return `${value} ${error.message ?? 'does not match the schema'}`;
  }
}

function fieldOf(pointer: string): string {
  const segments = pointer.split('/').slice(1).map(unescape);
  const named = segments.filter((s) => !/^\d+$/.test(s));
  const last = segments.at(-1) ?? '';
  const field = named.at(-1) ?? 'the file';
  return /^\d+$/.test(last) && named.length > 0 ? `${field}[${last}]` : field;
}

/** Who an error is about: a third party (by name when it has one) or the file. */
interface Subject {
  data: StructuredData;
  owner: string;
  thirdParty: string | null;
}

function missingField(error: ErrorObject, { data, owner, thirdParty }: Subject): RawFinding {
  const params: Record<string, unknown> = error.params;
  const missing = String(params['missingProperty']);
  const what = described(propertiesOf(error.parentSchema)[missing]);
  const message = `${owner} has no \`${missing}\`; add it: ${what}`;
  return { span: data.spanAt(error.instancePath), thirdParty, message };
}

function unknownField(error: ErrorObject, { data, owner, thirdParty }: Subject): RawFinding {
  const params: Record<string, unknown> = error.params;
  const extra = String(params['additionalProperty']);
  const at = childPointer(error.instancePath, extra);
  const allowed = Object.keys(propertiesOf(error.parentSchema));
  const hint = suggestion(extra, allowed);
  const fix = hint ? `did you mean \`${hint}\`?` : `use one of ${allowed.join(', ')}, or remove it`;
  const message = `${owner} has an unknown field \`${extra}\` (ignored by the schema); ${fix}`;
  return { span: data.keySpanAt(at) ?? data.spanAt(at), thirdParty, severity: 'warning', message };
}

function badValue(
  error: ErrorObject,
  { data, owner, thirdParty }: Subject,
  lines: readonly string[],
): RawFinding {
  const pointer = error.instancePath;
  if (pointer === '') {
    // The whole file is the offending node: mark where it starts, not every line of it.
    const { line, column } = data.spanAt('');
    // One character wide where the line has one: an empty file, or one that starts with a blank
    // line, has none, and a span past the end of its line is one an editor cannot show.
    const endColumn = Math.min(column + 1, (lines[line - 1]?.length ?? 0) + 1);
    const span = { line, column, endLine: line, endColumn: Math.max(column, endColumn) };
    const message = `The file's top level is ${kindOf(error.data)}, not a mapping; write it as a mapping with a \`thirdParties:\` list of entries`;
    return { span, thirdParty, message };
  }
  const field = `\`${fieldOf(pointer)}\``;
  const subject = thirdParty !== null || owner !== 'This file' ? `${owner}: ${field}` : field;
  const message = `${subject} ${problemWith(error)}; set it to ${described(error.parentSchema)}`;
  return { span: data.spanAt(pointer), thirdParty, message };
}

function describeError(
  error: ErrorObject,
  data: StructuredData,
  lines: readonly string[],
): RawFinding {
  const party = thirdPartyAt(data, error.instancePath);
  const subject = { data, owner: party?.label ?? 'This file', thirdParty: party?.name ?? null };
  if (error.keyword === 'required') return missingField(error, subject);
  if (error.keyword === 'additionalProperties') return unknownField(error, subject);
  return badValue(error, subject, lines);
}

/** One finding per bad value: `"x"` failing both `format` and `pattern` is one thing to fix. */
function distinct(errors: readonly ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const params: Record<string, unknown> = error.params;
    const key =
      error.keyword === 'required' || error.keyword === 'additionalProperties'
        ? `${error.instancePath}|${error.keyword}|${String(params['missingProperty'] ?? params['additionalProperty'])}`
        : error.instancePath;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Validates a structured file that declares the policy-file schema (or is configured as
 * strict) with ajv, and reports each error at the offending node. Unknown fields are warnings,
 * so files stay valid as the schema grows. Syntax errors are `document.problems`, reported by
 * the runner.
 */
export const jsonSchema: RuleType<Params> = {
  type: 'json-schema',
  paramsSchema: {
    type: 'object',
    required: ['schema'],
    properties: { schema: { enum: Object.keys(SCHEMAS) } },
    additionalProperties: false,
  },
  check({ document, params, report }) {
    const data = document.structured;
    // `declaresSchema` is also set by a strict parse (the config's `structured` globs).
    if (!data?.declaresSchema) return;
    const validate = validatorFor(params.schema);
    if (validate(data.value)) return;
    const findings = distinct(validate.errors ?? []).map((error) =>
      describeError(error, data, document.lines),
    );
    // Source order, so a reader fixes the file top to bottom; ajv reports in schema order.
    findings.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
    for (const finding of findings) report(finding);
  },
};
