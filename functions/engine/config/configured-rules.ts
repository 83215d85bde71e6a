import type { FileProblem, Severity } from '../model.js';
import type { RuleDefinition } from '../rules/rule.js';
import { RulePackError, validateRuleDefinition } from '../rules/rule-pack.js';
import { didYouMean } from '../did-you-mean.js';
import { ENGINE_RULE_IDS, type PolicyConfig } from './config.js';

/** The rules a check runs, and what is wrong with the config's rule settings. */
export interface ConfiguredRules {
  rules: RuleDefinition[];
  /** Severity of an engine-reported id (`markdown-recovered` …), or `off`. */
  engineSeverity(id: string, fallback: Severity): Severity | 'off';
  problems: FileProblem[];
}

function at(config: PolicyConfig, id: string, message: string): FileProblem {
  const line = config.ruleLines[id] ?? 1;
  return {
    ruleId: 'config-invalid',
    severity: 'error',
    message,
    span: { line, column: 1, endLine: line, endColumn: 1 },
  };
}

/** A rule with the config's setting merged in, its parameters checked against its rule type. */
function merged(rule: RuleDefinition, config: PolicyConfig): RuleDefinition | RulePackError {
  const setting = config.rules[rule.id];
  const result = {
    ...rule,
    severity: setting?.severity && setting.severity !== 'off' ? setting.severity : rule.severity,
    params: { ...rule.params, ...setting?.params },
  };
  if (!setting?.params) return result;
  try {
    return validateRuleDefinition(result, `"rules.${rule.id}"`);
  } catch (error) {
    if (error instanceof RulePackError) return error;
    throw error;
  }
}

/** What is wrong with the rule settings and waivers: ids that name no rule, wrong parameters. */
function settingProblems(pack: readonly RuleDefinition[], config: PolicyConfig): FileProblem[] {
  const problems: FileProblem[] = [];
  const all = [...pack, ...config.customRules];
  const known = new Set([...all.map((r) => r.id), ...ENGINE_RULE_IDS]);
  const instead = (id: string): string => {
    const guess = didYouMean(id, [...known]);
    return guess ? `did you mean ${guess}?` : `use one of ${[...known].sort().join(', ')}`;
  };
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id))
      problems.push(at(config, id, `"rules.${id}" names no rule; ${instead(id)}`));
  }
  for (const waiver of config.waivers) {
    if (known.has(waiver.rule)) continue;
    const span = { line: waiver.line, column: 1, endLine: waiver.line, endColumn: 1 };
    problems.push({
      ruleId: 'config-invalid',
      severity: 'error',
      message: `The waiver names no rule "${waiver.rule}"; ${instead(waiver.rule)}`,
      span,
    });
  }
  for (const rule of all) {
    const result = merged(rule, config);
    if (result instanceof RulePackError)
      problems.push(at(config, rule.id, `${result.message}; the rule runs with its defaults`));
  }
  return problems;
}

/**
 * Applies the config to the rule pack: severities, `off`, parameter overrides checked against
 * the rule type, and a problem for every setting that names no rule (a typo would do nothing).
 * An invalid config's own settings (`rejected`) are checked the same way but not applied, so
 * one run reports all of its problems.
 */
export function configureRules(
  pack: readonly RuleDefinition[],
  config: PolicyConfig,
): ConfiguredRules {
  const problems = settingProblems(pack, config.rejected ?? config);
  const rules = [...pack, ...config.customRules].flatMap((rule) => {
    if (config.rules[rule.id]?.severity === 'off') return [];
    const result = merged(rule, config);
    return [result instanceof RulePackError ? rule : result];
  });
  const engineSeverity = (id: string, fallback: Severity): Severity | 'off' =>
    config.rules[id]?.severity ?? fallback;
  return { rules, engineSeverity, problems };
}
