import type { FileProblem, Severity } from '../model.js';
import type { RuleDefinition } from '../rules/rule.js';
import { RulePackError, validateRuleDefinition } from '../rules/rule-pack.js';
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

/**
 * Applies the config to the rule pack: severities, `off`, parameter overrides checked against
 * the rule type, and a problem for every setting that names no rule (a typo would do nothing).
 */
export function configureRules(
  pack: readonly RuleDefinition[],
  config: PolicyConfig,
): ConfiguredRules {
  const problems: FileProblem[] = [];
  const all = [...pack, ...config.customRules];
  const known = new Set([...all.map((r) => r.id), ...ENGINE_RULE_IDS]);
  for (const id of Object.keys(config.rules)) {
    if (!known.has(id))
      problems.push(
        at(config, id, `"rules.${id}" names no rule; use one of ${[...known].sort().join(', ')}`),
      );
  }
  for (const waiver of config.waivers) {
    if (known.has(waiver.rule)) continue;
    const span = { line: waiver.line, column: 1, endLine: waiver.line, endColumn: 1 };
    problems.push({
      ruleId: 'config-invalid',
      severity: 'error',
      message: `The waiver names no rule "${waiver.rule}"; fix the rule id`,
      span,
    });
  }
  const rules = all.flatMap((rule) => {
    const setting = config.rules[rule.id];
    if (setting?.severity === 'off') return [];
    const merged = {
      ...rule,
      severity: setting?.severity ?? rule.severity,
      params: { ...rule.params, ...setting?.params },
    };
    if (!setting?.params) return [merged];
    try {
      return [validateRuleDefinition(merged, `"rules.${rule.id}"`)];
    } catch (error) {
      if (!(error instanceof RulePackError)) throw error;
      problems.push(at(config, rule.id, `${error.message}; the rule runs with its defaults`));
      return [rule];
    }
  });
  const engineSeverity = (id: string, fallback: Severity): Severity | 'off' =>
    config.rules[id]?.severity ?? fallback;
  return { rules, engineSeverity, problems };
}
