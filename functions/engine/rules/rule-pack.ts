import { parse } from 'yaml';
import ruleSchema from '../../../policies/schemas/rule.schema.json' with { type: 'json' };
import { RULE_TYPES } from '../rule-types/index.js';
import type { AliasTable } from '../vendors/same-vendor.js';
import {
  buildLegalData,
  NO_LEGAL_DATA,
  type LegalData,
  type LegalDataTexts,
} from '../legal/legal-data.js';
import type { RuleDefinition } from './rule.js';
import { createValidator, re2SyntaxError } from './validator.js';
import type { ValidateFunction } from 'ajv';
import type { RuleType } from './rule.js';

/** The rules a check runs and the data they share. */
export interface RulePack {
  /** The package version, plus `+legal.<legal data version>` when legal data is loaded. */
  version: string;
  rules: RuleDefinition[];
  aliases: AliasTable;
  /** The legal lists the domain rules use. */
  legal: LegalData;
}

/** A rule pack file that is not valid: names the file and what to fix. */
export class RulePackError extends Error {
  override name = 'RulePackError';
  /** Where in the rule the problem is (`/params/pattern`), so a config can point at its line. */
  readonly pointer: string;
  constructor(message: string, pointer = '') {
    super(message);
    this.pointer = pointer;
  }
}

const ajv = createValidator();
let validateRule: ValidateFunction<RuleDefinition> | undefined;
const paramValidators = new Map<string, ValidateFunction>();

/** Compiled once per process, on first use: compiling is most of a short run's start-up. */
function paramsValidator(type: RuleType<never>): ValidateFunction {
  let validate = paramValidators.get(type.type);
  if (!validate) paramValidators.set(type.type, (validate = ajv.compile(type.paramsSchema)));
  return validate;
}

/** Validates one rule definition (built-in or custom) and its params against its rule type. */
export function validateRuleDefinition(value: unknown, where: string): RuleDefinition {
  validateRule ??= ajv.compile<RuleDefinition>(ruleSchema);
  if (!validateRule(value)) {
    throw new RulePackError(
      `${where}: ${ajv.errorsText(validateRule.errors, { dataVar: 'rule' })}; fix the rule definition`,
      validateRule.errors?.[0]?.instancePath ?? '',
    );
  }
  const type = RULE_TYPES.get(value.type);
  if (!type) throw new RulePackError(`${where}: unknown rule type "${value.type}"`);
  const validParams = paramsValidator(type);
  if (!validParams(value.params)) {
    const errors = validParams.errors ?? [];
    const pattern = errors.find((e) => e.keyword === 'format' && e.params.format === 'regex');
    if (pattern) throw patternError(where, value.params, pattern.instancePath);
    throw new RulePackError(
      `${where}: ${ajv.errorsText(errors, { dataVar: 'params' })} for rule type ${value.type}`,
      `/params${errors[0]?.instancePath ?? ''}`,
    );
  }
  return value;
}

/** ajv says only "must match format"; RE2 says what is wrong, and the user needs to know why. */
function patternError(where: string, params: unknown, instancePath: string): RulePackError {
  const pattern = instancePath
    .split('/')
    .slice(1)
    .reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], params);
  const reason = re2SyntaxError(String(pattern)) ?? 'not a valid pattern';
  return new RulePackError(
    `${where}: params${instancePath.replace(/\//g, '.')} is not a pattern this checker can run (${reason}). ` +
      'Patterns use RE2 syntax, which matches in linear time: it has no backreferences (\\1) and no lookaround ((?=…), (?!…), (?<=…), (?<!…)); rewrite the pattern without them',
    `/params${instancePath}`,
  );
}

/** Builds a rule pack from the texts of its YAML files (the caller reads them). */
export function buildRulePack(
  version: string,
  ruleFiles: readonly { path: string; text: string }[],
  aliasesText: string,
  legalTexts?: LegalDataTexts,
): RulePack {
  const rules = ruleFiles.map((file) => {
    const rule = validateRuleDefinition(parse(file.text) as unknown, file.path);
    const expected = file.path
      .split('/')
      .pop()
      ?.replace(/\.ya?ml$/, '');
    if (expected !== rule.id)
      throw new RulePackError(`${file.path}: id "${rule.id}" must match the file name`);
    return rule;
  });
  const aliases = (parse(aliasesText) as { aliases?: string[][] } | null)?.aliases ?? [];
  const legal = legalTexts ? buildLegalData(legalTexts) : NO_LEGAL_DATA;
  // The legal data is part of what judges a commit: a stored result, a reused base-branch verdict
  // and a snapshot name it in the version (semver build metadata), so new data is never mistaken
  // for old.
  const full = legalTexts ? `${version}+legal.${legal.version.version}` : version;
  return { version: full, rules: rules.sort((a, b) => a.id.localeCompare(b.id)), aliases, legal };
}
