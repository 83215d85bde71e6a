import { gdprDecisionsOn, type AdequacyDecision } from './adequacy.js';

/** How the adequacy decisions for one country judge one entry on one date. */
export type AdequacyVerdict =
  | { kind: 'adequate' }
  /** The only decision covers DPF-certified organisations and the entry names no DPF. */
  | { kind: 'dpf-only'; decision: AdequacyDecision }
  /** A decision is in force, but the entry says something its Article 1 leaves out. */
  | { kind: 'outside'; decision: AdequacyDecision; match: string }
  /** No decision on this date: the last one that ended, or the next one that will apply. */
  | { kind: 'none'; ended: AdequacyDecision | null; upcoming: AdequacyDecision | null };

function noDecision(decisions: readonly AdequacyDecision[], date: string): AdequacyVerdict {
  const gdpr = decisions.filter((d) => d.scope !== 'law-enforcement');
  const ended = gdpr.filter((d) => d.until !== null && d.until < date);
  const upcoming = gdpr.filter((d) => d.from > date);
  return {
    kind: 'none',
    ended: ended.sort((a, b) => (b.until ?? '').localeCompare(a.until ?? ''))[0] ?? null,
    upcoming: upcoming.sort((a, b) => a.from.localeCompare(b.from))[0] ?? null,
  };
}

/**
 * Judges an entry that names no transfer mechanism against a country's decisions at `date`. Any
 * decision in force whose scope the entry fits makes the transfer adequate; otherwise the first
 * reason it does not fit is kept. Naming the DPF is naming a mechanism, so the caller never asks.
 */
export function adequacyVerdict(
  decisions: readonly AdequacyDecision[],
  date: string,
  entryText: string,
): AdequacyVerdict {
  const inForce = gdprDecisionsOn(decisions, date);
  if (inForce.length === 0) return noDecision(decisions, date);
  let reason: AdequacyVerdict | undefined;
  for (const decision of inForce) {
    const match = decision.outside.map((p) => p.exec(entryText)).find(Boolean);
    if (match) reason ??= { kind: 'outside', decision, match: match[0] };
    else if (decision.scope === 'dpf-participants') reason ??= { kind: 'dpf-only', decision };
    else return { kind: 'adequate' };
  }
  return reason ?? { kind: 'adequate' };
}
