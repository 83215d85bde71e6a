import { loadRulePack } from '../functions/rule-pack/load-rule-pack.js';
import {
  checkSources,
  type CheckInput,
  type CheckOptions,
  type PolicyDocument,
  type Report,
} from '../functions/engine/index.js';
import type { RawFinding, RuleEnvironment, RuleType } from '../functions/engine/rules/rule.js';
import { NO_LEGAL_DATA } from '../functions/engine/legal/legal-data.js';

/** Today for every test: verdicts must not change as the calendar moves. */
export const NOW = '2026-06-01';

/** Runs the engine with the built-in rule pack, as the CLI would. */
export function check(inputs: CheckInput[], options: Partial<CheckOptions> = {}): Report {
  return checkSources(inputs, { rulePack: loadRulePack(), now: NOW, ...options });
}

/** Runs one rule type on one document, as the runner would, and returns what it reported. */
export function runRuleType<P>(
  type: RuleType<P>,
  params: P,
  document: PolicyDocument,
  env: Partial<RuleEnvironment> = {},
): RawFinding[] {
  const found: RawFinding[] = [];
  const rule = {
    id: type.type,
    description: '',
    severity: 'error' as const,
    rationale: '',
    type: type.type,
    params: {},
  };
  type.check?.({
    document,
    params,
    rule,
    env: {
      now: NOW,
      lineAge: () => undefined,
      vendorKeys: (n) => [n],
      legal: NO_LEGAL_DATA,
      ...env,
    },
    report: (f) => found.push(f),
  });
  return found;
}
