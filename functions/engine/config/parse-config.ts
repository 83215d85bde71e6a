import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import configSchema from '../../../policies/schemas/config.schema.json' with { type: 'json' };
import ruleSchema from '../../../policies/schemas/rule.schema.json' with { type: 'json' };
import type { FileProblem, Span } from '../model.js';
import { createValidator } from '../rules/validator.js';
import type { RuleDefinition } from '../rules/rule.js';
import { RulePackError, validateRuleDefinition } from '../rules/rule-pack.js';
import { MAX_NESTING, nestingDepth } from '../parse/structured-depth.js';
import { sourcePositions, yamlLineBreaks } from '../parse/structured-positions.js';
import { yamlProblems } from '../parse/yaml-error.js';
import { withoutInvalid } from './without-invalid.js';
import { compileGlob, GlobError } from './glob.js';
import { MAX_FILE_SIZE_CEILING } from './limits.js';
import {
  defaultConfig,
  DEFAULT_IGNORE,
  type PolicyConfig,
  type RuleSetting,
  type Waiver,
} from './config.js';

let compiled: ValidateFunction | undefined;

/** Compiled on first use: most runs have no config file, and compiling costs start-up time. */
function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = createValidator();
    ajv.addSchema(ruleSchema);
    compiled = ajv.compile(configSchema);
  }
  return compiled;
}

interface RawConfig {
  files?: string[];
  ignore?: string[];
  structured?: string[];
  maxFileSize?: number | string;
  rules?: Record<string, RuleSetting['severity'] | RuleSetting>;
  customRules?: unknown[];
  failOn?: 'new' | 'all';
  'fail-on'?: 'new' | 'all';
  snapshot?: { onFailure?: 'publish' | 'hold'; keyFingerprint?: string };
  page?: { companyName?: string; logoUrl?: string; accentColor?: string };
  waivers?: { rule: string; file?: string; thirdParty?: string; reason: string; expires: string }[];
}

const UNITS: Record<string, number> = { B: 1, KB: 1000, MB: 1000 ** 2, KIB: 1024, MIB: 1024 ** 2 };

function bytes(size: number | string): number {
  if (typeof size === 'number') return size;
  const [, amount = '0', unit = 'B'] = /^([\d.]+)\s*(\w+)$/.exec(size) ?? [];
  return Math.round(Number(amount) * (UNITS[unit.toUpperCase()] ?? 1));
}

function spanAt(doc: Document, counter: LineCounter, pointer: string): Span {
  const path = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = path.length; n >= 0; n -= 1) {
    const node = doc.getIn(
      path.slice(0, n).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      true,
    );
    if (isNode(node) && node.range) {
      const start = counter.linePos(node.range[0]);
      const end = counter.linePos(node.range[1]);
      return { line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
    }
  }
  return { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

/** The config's `maxFileSize`, never above the ceiling a repository cannot raise (limits.ts). */
function maxFileSize(
  raw: number | string | undefined,
  fallback: number,
  doc: Document,
  counter: LineCounter,
  problems: FileProblem[],
): number {
  if (raw === undefined) return fallback;
  const asked = bytes(raw);
  if (asked <= MAX_FILE_SIZE_CEILING) return asked;
  problems.push({
    ruleId: 'config-invalid',
    severity: 'warning',
    message: `maxFileSize ${JSON.stringify(raw)} is above the ceiling of ${MAX_FILE_SIZE_CEILING.toLocaleString('en-US')} bytes (5 MiB) that keeps a check within the service's memory; files are read up to the ceiling. Split larger files`,
    span: spanAt(doc, counter, '/maxFileSize'),
  });
  return MAX_FILE_SIZE_CEILING;
}

function whole(): Span {
  return { line: 1, column: 1, endLine: 1, endColumn: 1 };
}

function problem(span: Span, message: string): FileProblem {
  return { ruleId: 'config-invalid', severity: 'error', message, span };
}

function keySpan(doc: Document, counter: LineCounter, pointer: string, key: string): Span {
  const parent = doc.getIn(pointer.split('/').slice(1), true);
  const pair = isMap(parent)
    ? parent.items.find((p) => isScalar(p.key) && p.key.value === key)
    : undefined;
  if (isScalar(pair?.key) && pair.key.range) {
    const start = counter.linePos(pair.key.range[0]);
    return {
      line: start.line,
      column: start.col,
      endLine: start.line,
      endColumn: start.col + key.length,
    };
  }
  return spanAt(doc, counter, pointer);
}

/** One message per node, saying what is allowed: oneOf branches would otherwise each complain. */
function schemaProblems(
  errors: readonly ErrorObject[],
  doc: Document,
  counter: LineCounter,
): FileProblem[] {
  const seen = new Set<string>();
  return errors.flatMap((e) => {
    // Each unknown key is its own mistake: two typos in one mapping are two problems.
    const key = `${e.instancePath}\u0000${e.keyword === 'additionalProperties' ? String(e.params.additionalProperty) : ''}`;
    if (e.keyword === 'oneOf' || seen.has(key)) return [];
    seen.add(key);
    const where = e.instancePath
      ? `"${e.instancePath.slice(1).replace(/\//g, '.')}"`
      : 'the config';
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      return [
        problem(
          keySpan(doc, counter, e.instancePath, key),
          `${where} has an unknown key "${key}"; remove it or fix its spelling`,
        ),
      ];
    }
    const allowed =
      e.keyword === 'enum'
        ? ` (${(e.params.allowedValues as unknown[]).join(', ')}, or { severity, params })`
        : '';
    return [
      problem(
        spanAt(doc, counter, e.instancePath),
        `${where} ${e.message}${allowed}; see the config schema`,
      ),
    ];
  });
}

/** Parses `.policy-checker.yml`: the config, or the problems that make it invalid, each with its line. */
export function parseConfig(
  path: string,
  source: string,
): { config: PolicyConfig; problems: FileProblem[] } {
  const fallback = { ...defaultConfig(), path };
  // A byte-order mark is not part of line 1: without this every column there is one too far.
  const text = source.replace(/^\uFEFF/, '');
  // The same guards as a YAML policy file (see structured-depth.ts): the yaml parser recurses
  // once per level, and near the stack limit V8 can abort the process instead of throwing.
  if (nestingDepth(text) > MAX_NESTING) {
    const message = `The config nests more than ${MAX_NESTING} levels deep, which no config needs; flatten it`;
    return { config: fallback, problems: [problem(whole(), message)] };
  }
  const counter = new LineCounter();
  // Lone CRs made LFs (offsets kept): yaml counts only LF, so their lines would be wrong.
  // logLevel: no process warnings on the caller's stderr (see parse/yaml.ts).
  const doc = parseDocument(yamlLineBreaks(text), {
    lineCounter: counter,
    prettyErrors: false,
    logLevel: 'error',
  });
  if (doc.errors.length > 0) {
    const consequence = 'until the config parses, the check runs with the default settings';
    const problems = yamlProblems(doc, sourcePositions(text), consequence);
    return { config: fallback, problems: problems.map((p) => problem(p.span, p.message)) };
  }
  let raw: unknown;
  try {
    // Aliases are expanded here: a "billion laughs" config would otherwise be expanded without
    // bound, and yaml's own limit throws, which must not end the whole check.
    raw = (doc.toJS({ maxAliasCount: 100 }) ?? {}) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `The config could not be expanded (${reason}); write the repeated values out instead of using so many aliases (*name)`;
    return { config: fallback, problems: [problem(whole(), message)] };
  }
  const validate = validator();
  if (validate(raw)) return resolve(path, raw as RawConfig, doc, counter);
  const errors = validate.errors ?? [];
  const problems = schemaProblems(errors, doc, counter);
  // The rest of the file is still read, so one run reports every problem (a misspelt rule id
  // too, which only the rule pack can tell): its settings are checked, never applied.
  const valid = withoutInvalid<RawConfig>(raw, errors);
  if (!valid) return { config: fallback, problems };
  const rest = resolve(path, valid, doc, counter);
  return {
    config: { ...fallback, rejected: rest.config },
    problems: [...problems, ...rest.problems],
  };
}

/** True for every element: `filter(present)` closes the holes of rejected entries. */
const present = (): boolean => true;

function resolve(
  path: string,
  raw: RawConfig,
  doc: Document,
  counter: LineCounter,
): { config: PolicyConfig; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const customRules: RuleDefinition[] = [];
  (raw.customRules ?? []).forEach((rule, i) => {
    try {
      customRules.push(validateRuleDefinition(rule, `customRules[${i}]`));
    } catch (error) {
      if (!(error instanceof RulePackError)) throw error;
      // At the offending key (a pattern's own line) where the error says which one it is.
      const span = spanAt(doc, counter, `/customRules/${i}${error.pointer}`);
      problems.push(problem(span, error.message));
    }
  });
  // A glob the matcher cannot run matches nothing: say so at its line, or files go unchecked.
  const globs: [string, string | undefined, boolean][] = [
    ...(['files', 'ignore', 'structured'] as const).flatMap((key) =>
      (raw[key] ?? []).map((g, i): [string, string, boolean] => [
        `/${key}/${i}`,
        g,
        key !== 'structured',
      ]),
    ),
    ...(raw.waivers ?? []).flatMap((w, i): [string, string | undefined, boolean][] => [
      [`/waivers/${i}/file`, w.file, false],
    ]),
  ];
  for (const [pointer, glob, nocase] of globs) {
    if (glob === undefined) continue;
    try {
      compileGlob(glob, { nocase });
    } catch (error) {
      if (!(error instanceof GlobError)) throw error;
      const where = pointer
        .slice(1)
        .replace(/\/(\d+)/g, '[$1]')
        .replace(/\//g, '.');
      problems.push(
        problem(
          spanAt(doc, counter, pointer),
          `"${where}" is a glob this checker cannot match (${error.message}); it matches no file`,
        ),
      );
    }
  }
  const rules = Object.fromEntries(
    Object.entries(raw.rules ?? {}).map(([id, setting]) => [
      id,
      typeof setting === 'string' ? { severity: setting } : (setting ?? {}),
    ]),
  ) as Record<string, RuleSetting>;
  const ruleLines = Object.fromEntries(
    Object.keys(rules).map((id) => [id, keySpan(doc, counter, '/rules', id).line]),
  );
  // flatMap, not map: an invalid config's rejected entries are holes (see without-invalid.ts).
  const waivers: Waiver[] = (raw.waivers ?? []).flatMap((w, i) => [
    {
      rule: w.rule,
      file: w.file ?? null,
      thirdParty: w.thirdParty ?? null,
      reason: w.reason,
      expires: w.expires,
      line: spanAt(doc, counter, `/waivers/${i}`).line,
    },
  ]);
  const base = defaultConfig();
  const config: PolicyConfig = {
    path,
    files: raw.files?.filter(present) ?? base.files,
    ignore: [...DEFAULT_IGNORE, ...(raw.ignore ?? []).filter(present)],
    structured: (raw.structured ?? []).filter(present),
    rules,
    ruleLines,
    customRules,
    waivers,
    maxFileSize: maxFileSize(raw.maxFileSize, base.maxFileSize, doc, counter, problems),
    failOn: raw.failOn ?? raw['fail-on'] ?? base.failOn,
    snapshot: {
      onFailure: raw.snapshot?.onFailure ?? base.snapshot.onFailure,
      keyFingerprint: raw.snapshot?.keyFingerprint?.toLowerCase() ?? null,
    },
    page: {
      companyName: raw.page?.companyName?.trim() || null,
      logoUrl: raw.page?.logoUrl ?? null,
      accentColor: raw.page?.accentColor?.toLowerCase() ?? null,
    },
  };
  return { config, problems };
}
