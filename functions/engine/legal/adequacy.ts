/** What Article 1 of an adequacy decision covers (see the header of policies/data/adequacy.yaml). */
export type AdequacyScope =
  'full' | 'recipients' | 'processing' | 'dpf-participants' | 'law-enforcement';

/** One adequacy decision for one period: the law as it stood between `from` and `until`. */
export interface AdequacyDecision {
  id: string;
  /** ISO 3166-1 alpha-2; null for an international organisation. */
  code: string | null;
  name: string;
  decision: string;
  /** First day it applies, `YYYY-MM-DD`. */
  from: string;
  /** Last day it applies, or null when it has no end. */
  until: string | null;
  scope: AdequacyScope;
  /** Article 1 in words, for a partial scope. */
  covers: string | null;
  /** Recognise an entry that falls outside the scope. */
  outside: RegExp[];
  replacedBy: string | null;
}

/** Is the decision in force on `date` (both ends included)? */
export function inForceOn(decision: AdequacyDecision, date: string): boolean {
  return decision.from <= date && (decision.until === null || date <= decision.until);
}

/**
 * The decisions that can carry a GDPR transfer to `code` on `date`. Law-enforcement decisions
 * are left out: they serve transfers to police and courts, never a vendor's processing.
 */
export function gdprDecisionsOn(
  decisions: readonly AdequacyDecision[],
  date: string,
): AdequacyDecision[] {
  return decisions.filter((d) => d.scope !== 'law-enforcement' && inForceOn(d, date));
}
