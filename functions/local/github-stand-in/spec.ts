import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * GitHub's own OpenAPI description (a verbatim subset, see openapi/README.md): routing by its
 * path templates, and ajv validators for each operation's parameters, request body and
 * responses. Everything here is built lazily and cached per process.
 */

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  'x-multi-segment'?: boolean;
}

interface MediaType {
  schema?: JsonSchema;
  examples?: Record<string, { value: unknown }>;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}

interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface Route {
  method: string;
  template: string;
  operation: OpenApiOperation;
  regex: RegExp;
  paramNames: string[];
  literalSegments: number;
  multiSegments: number;
}

export type RouteMatch =
  | { kind: 'match'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'none' };

let documentCache: OpenApiDocument | undefined;
let routesCache: Route[] | undefined;

export function openApi(): OpenApiDocument {
  documentCache ??= JSON.parse(
    readFileSync(new URL('./openapi/api.github.com.subset.json', import.meta.url), 'utf8'),
  ) as OpenApiDocument;
  return documentCache;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function routes(): Route[] {
  if (routesCache) return routesCache;
  const list: Route[] = [];
  for (const [template, item] of Object.entries(openApi().paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const multi = new Set(
        (operation.parameters ?? [])
          .filter((p) => p.in === 'path' && p['x-multi-segment'])
          .map((p) => p.name),
      );
      const paramNames: string[] = [];
      let literalSegments = 0;
      const pattern = template
        .split('/')
        .map((segment) => {
          if (!segment.includes('{')) {
            if (segment) literalSegments++;
            return escapeRegex(segment);
          }
          return segment
            .split(/(\{[^}]+\})/)
            .map((part) => {
              const name = /^\{([^}]+)\}$/.exec(part)?.[1];
              if (!name) return escapeRegex(part);
              paramNames.push(name);
              return multi.has(name) ? '(.+?)' : '([^/]+)';
            })
            .join('');
        })
        .join('/');
      list.push({
        method: method.toUpperCase(),
        template,
        operation,
        regex: new RegExp(`^${pattern}/?$`),
        paramNames,
        literalSegments,
        multiSegments: multi.size,
      });
    }
  }
  // The most specific template first: `/commits/{ref}/check-runs` before `/commits/{ref}`.
  list.sort((a, b) => b.literalSegments - a.literalSegments || a.multiSegments - b.multiSegments);
  routesCache = list;
  return list;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Finds the operation for a raw (still percent-encoded) request path. */
export function matchRoute(method: string, rawPath: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes()) {
    const found = route.regex.exec(rawPath);
    if (!found) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    route.paramNames.forEach((name, i) => (params[name] = safeDecode(found[i + 1] ?? '')));
    return { kind: 'match', route, params };
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'none' };
}

/** OpenAPI 3.0 schema → JSON Schema ajv understands: `nullable` becomes a `null` type. */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key.startsWith('x-'))
      continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(
        Object.entries(value as JsonSchema).map(([name, sub]) => [name, toJsonSchema(sub)]),
      );
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (source.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else {
      return { anyOf: [out, { type: 'null' }] };
    }
  }
  return out;
}

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    coerceTypes,
    logger: false,
    inlineRefs: false,
  });
  addFormats.default(ajv);
  return ajv;
}

let strictAjv: Ajv | undefined;
let coercingAjv: Ajv | undefined;

const SHARED_MIN_LENGTH = 400;
const sharedIds = new WeakMap<Ajv, Set<string>>();

/**
 * The description is dereferenced, so a user or repository object is repeated in dozens of
 * schemas. Large subschemas are registered once by content and referenced, so ajv compiles
 * each of them once per process rather than once per place it appears.
 */
function share(ajv: Ajv, schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const out: JsonSchema = { ...(schema as JsonSchema) };
  for (const key of ['properties', 'patternProperties'])
    if (out[key] && typeof out[key] === 'object')
      out[key] = Object.fromEntries(
        Object.entries(out[key] as JsonSchema).map(([name, sub]) => [name, share(ajv, sub)]),
      );
  for (const key of ['items', 'additionalProperties', 'not'])
    if (out[key] && typeof out[key] === 'object') out[key] = share(ajv, out[key]);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    if (Array.isArray(out[key])) out[key] = (out[key] as unknown[]).map((sub) => share(ajv, sub));
  const text = JSON.stringify(out);
  if (text.length < SHARED_MIN_LENGTH) return out;
  const id = `urn:fake-github:${createHash('sha1').update(text).digest('hex')}`;
  let known = sharedIds.get(ajv);
  if (!known) sharedIds.set(ajv, (known = new Set()));
  if (!known.has(id)) {
    ajv.addSchema({ ...out, $id: id });
    known.add(id);
  }
  return { $ref: id };
}

function compile(schema: unknown, coerce: boolean): ValidateFunction {
  const ajv = coerce ? (coercingAjv ??= makeAjv(true)) : (strictAjv ??= makeAjv(false));
  const shared = share(ajv, toJsonSchema(schema)) as JsonSchema;
  return ajv.compile(shared);
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const at = `${where}${error.instancePath}`;
    const detail =
      error.keyword === 'enum'
        ? ` (${JSON.stringify((error.params as { allowedValues: unknown[] }).allowedValues)})`
        : error.keyword === 'additionalProperties'
          ? ` (${(error.params as { additionalProperty: string }).additionalProperty})`
          : '';
    return `${at} ${error.message ?? error.keyword}${detail}`;
  });
}

interface RequestValidators {
  path: ValidateFunction;
  query: ValidateFunction;
  queryNames: Set<string>;
  body: ValidateFunction | undefined;
  bodyKeys: Set<string> | undefined;
  bodyRequired: boolean;
}

const requestValidators = new Map<string, RequestValidators>();

function parameterSchema(parameters: OpenApiParameter[]): JsonSchema {
  return {
    type: 'object',
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/** Every property name a body schema knows, through its `anyOf`/`oneOf`/`allOf` branches. */
function knownKeys(schema: JsonSchema, into = new Set<string>()): Set<string> {
  for (const name of Object.keys((schema.properties as JsonSchema | undefined) ?? {}))
    into.add(name);
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const branch of (schema[key] as JsonSchema[] | undefined) ?? []) knownKeys(branch, into);
  return into;
}

function validatorsFor(operation: OpenApiOperation): RequestValidators {
  const cached = requestValidators.get(operation.operationId);
  if (cached) return cached;
  const parameters = operation.parameters ?? [];
  const inPath = parameters.filter((p) => p.in === 'path');
  const inQuery = parameters.filter((p) => p.in === 'query');
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const validators: RequestValidators = {
    path: compile(parameterSchema(inPath), true),
    query: compile(parameterSchema(inQuery), true),
    queryNames: new Set(inQuery.map((p) => p.name)),
    body: bodySchema ? compile(bodySchema, false) : undefined,
    bodyKeys: bodySchema ? knownKeys(bodySchema) : undefined,
    bodyRequired: operation.requestBody?.required === true,
  };
  requestValidators.set(operation.operationId, validators);
  return validators;
}

export interface RequestToValidate {
  /** Decoded path parameters; numbers and booleans are coerced in place to the schema's type. */
  params: Record<string, unknown>;
  /** Query parameters; coerced in place like `params`. */
  query: Record<string, unknown>;
  body: unknown;
  bodyPresent: boolean;
}

export interface RequestProblem {
  kind: 'params' | 'query' | 'body';
  message: string;
}

/** Problems with a request against its operation's parameters and requestBody schemas. */
export function validateRequest(route: Route, request: RequestToValidate): RequestProblem[] {
  const v = validatorsFor(route.operation);
  const problems: RequestProblem[] = [];
  if (!v.path(request.params))
    for (const message of describeErrors('path', v.path.errors))
      problems.push({ kind: 'params', message });
  for (const name of Object.keys(request.query))
    if (!v.queryNames.has(name))
      problems.push({
        kind: 'query',
        message: `query parameter "${name}" is not a parameter of ${route.operation.operationId}`,
      });
  if (!v.query(request.query))
    for (const message of describeErrors('query', v.query.errors))
      problems.push({ kind: 'query', message });
  if (!v.body) {
    if (request.bodyPresent && !isEmptyObject(request.body))
      problems.push({
        kind: 'body',
        message: `${route.operation.operationId} takes no request body`,
      });
  } else if (!request.bodyPresent) {
    if (v.bodyRequired)
      problems.push({ kind: 'body', message: `${route.operation.operationId} needs a JSON body` });
  } else {
    if (!v.body(request.body))
      for (const message of describeErrors('body', v.body.errors))
        problems.push({ kind: 'body', message });
    if (request.body && typeof request.body === 'object' && !Array.isArray(request.body))
      for (const name of Object.keys(request.body))
        if (!v.bodyKeys?.has(name))
          problems.push({
            kind: 'body',
            message: `body property "${name}" is not in the ${route.operation.operationId} request schema`,
          });
  }
  return problems;
}

function isEmptyObject(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

const responseValidators = new Map<string, ValidateFunction | null>();

/** Problems with an answer against the operation's response schema for that status, if any. */
export function validateResponse(route: Route, status: number, body: unknown): string[] {
  const key = `${route.operation.operationId} ${status}`;
  let validate = responseValidators.get(key);
  if (validate === undefined) {
    const schema = route.operation.responses[String(status)]?.content?.['application/json']?.schema;
    validate = schema ? compile(schema, false) : null;
    responseValidators.set(key, validate);
  }
  if (!validate || validate(body)) return [];
  return describeErrors('response', validate.errors);
}

/** A deep copy of one of the spec's response examples (the first, unless named). */
export function responseExample(operationId: string, status: number, name?: string): JsonSchema {
  for (const item of Object.values(openApi().paths))
    for (const operation of Object.values(item)) {
      if (operation.operationId !== operationId) continue;
      const examples = operation.responses[String(status)]?.content?.['application/json']?.examples;
      const example = name ? examples?.[name] : Object.values(examples ?? {})[0];
      if (example) return structuredClone(example.value) as JsonSchema;
    }
  throw new Error(
    `github-stand-in: the spec has no example for ${operationId} ${status} ${name ?? ''}`,
  );
}
