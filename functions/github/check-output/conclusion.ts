import type { Severity } from '../../engine/index.js';
import type { CheckConclusion, CheckMode, FailOn } from './types.js';

export interface ConclusionInput {
  mode: CheckMode;
  failOn: FailOn;
  /** Every finding on the head commit. */
  head: readonly { severity: Severity }[];
  /** The comparison with the base, for a pull request; null when there is none. */
  comparison: { introduced: readonly { severity: Severity }[] } | null;
}

/**
 * The check run's conclusion. A pull request with `fail-on: new` (the default) is judged on the
 * findings it introduces; with `fail-on: all`, and on a push, on every finding of the head.
 * Errors fail, warnings alone are neutral, notices never fail. `action_required` is never used:
 * it asks for an action this app does not offer.
 */
export function decideConclusion(input: ConclusionInput): CheckConclusion {
  const judged = findingsThatDecide(input);
  if (judged.some((f) => f.severity === 'error')) return 'failure';
  if (judged.some((f) => f.severity === 'warning')) return 'neutral';
  return 'success';
}

/** The findings the conclusion is decided on (see `decideConclusion`). */
export function findingsThatDecide<T extends { severity: Severity }>(input: {
  mode: CheckMode;
  failOn: FailOn;
  head: readonly T[];
  comparison: { introduced: readonly T[] } | null;
}): readonly T[] {
  const onlyNew = input.mode === 'pull_request' && input.failOn === 'new';
  // A pull request without a comparison has nothing known to pre-exist: all of it is new.
  return onlyNew && input.comparison ? input.comparison.introduced : input.head;
}
