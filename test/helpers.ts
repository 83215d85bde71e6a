import { loadRulePack } from '../functions/rule-pack/load-rule-pack.js';
import {
  checkSources,
  type CheckInput,
  type CheckOptions,
  type Report,
} from '../functions/engine/index.js';

/** Today for every test: verdicts must not change as the calendar moves. */
export const NOW = '2026-06-01';

/** Runs the engine with the built-in rule pack, as the CLI would. */
export function check(inputs: CheckInput[], options: Partial<CheckOptions> = {}): Report {
  return checkSources(inputs, { rulePack: loadRulePack(), now: NOW, ...options });
}
