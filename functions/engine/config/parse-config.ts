import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { ErrorObject, ValidateFunction } from 'ajv';
import configSchema from '../../../policies/schemas/config.schema.json' with { type: 'json' };
import ruleSchema from '../../../policies/schemas/rule.schema.json' with { type: 'json' };
import type { FileProblem, Span } from '../model.js';
import { createValidator } from '../rules/validator.js';
import type { RuleDefinition } from '../rules/rule.js';
import { RulePackError, validateRuleDefinition } from '../rules/rule-pack.js';
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
    if (e.keyword === 'oneOf' || seen.has(e.instancePath)) return [];
    seen.add(e.instancePath);
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
  text: string,
): { config: PolicyConfig; problems: FileProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const fallback = { ...defaultConfig(), path };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = counter.linePos(e.pos[0]);
      const span = { line: pos.line, column: pos.col, endLine: pos.line, endColumn: pos.col + 1 };
      return problem(span, `${e.message.split('\n')[0]}; fix the YAML syntax`);
    });
    return { config: fallback, problems };
  }
  const raw = (doc.toJS() ?? {}) as unknown;
  const validate = validator();
  if (!validate(raw))
    return { config: fallback, problems: schemaProblems(validate.errors ?? [], doc, counter) };
  return resolve(path, raw as RawConfig, doc, counter);
}

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
      problems.push(problem(spanAt(doc, counter, `/customRules/${i}`), error.message));
    }
  });
  const rules = Object.fromEntries(
    Object.entries(raw.rules ?? {}).map(([id, setting]) => [
      id,
      typeof setting === 'string' ? { severity: setting } : (setting ?? {}),
    ]),
  ) as Record<string, RuleSetting>;
  const ruleLines = Object.fromEntries(
    Object.keys(rules).map((id) => [id, keySpan(doc, counter, '/rules', id).line]),
  );
  const waivers: Waiver[] = (raw.waivers ?? []).map((w, i) => ({
    rule: w.rule,
    file: w.file ?? null,
    thirdParty: w.thirdParty ?? null,
    reason: w.reason,
    expires: w.expires,
    line: spanAt(doc, counter, `/waivers/${i}`).line,
  }));
  const base = defaultConfig();
  const config: PolicyConfig = {
    path,
    files: raw.files ?? base.files,
    ignore: [...DEFAULT_IGNORE, ...(raw.ignore ?? [])],
    structured: raw.structured ?? [],
    rules,
    ruleLines,
    customRules,
    waivers,
    maxFileSize: raw.maxFileSize === undefined ? base.maxFileSize : bytes(raw.maxFileSize),
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
