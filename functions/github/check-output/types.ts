import type { Finding, ReportedThirdParty, Severity } from '../../engine/index.js';

/**
 * A finding with the file it is in. Structurally the same as the store's `StoredFinding`, so a
 * base branch's stored result can be passed as is, without this adapter importing the store.
 */
export type PathFinding = Finding & { path: string };

/** A third party with the file it is listed in (the store's `StoredParty` fits). */
export type PathParty = Pick<ReportedThirdParty, 'name' | 'purpose' | 'location' | 'gdprLink'> & {
  file: string;
  line?: number;
};

/** Where a check run's findings and third parties come from: a result, not a whole report. */
export interface CheckedResult {
  findings: readonly PathFinding[];
  thirdParties: readonly PathParty[];
  /** The files checked, when known (a `StoredResult` has them). */
  files?: readonly string[];
}

/** How a pull request's findings relate to its base's, by fingerprint. */
export interface FindingComparison {
  /** On the head, not on the base: what the pull request introduces. */
  introduced: PathFinding[];
  /** On the base, not on the head: what the pull request fixes. */
  fixed: PathFinding[];
  /** On both (the head's copy). */
  unchanged: PathFinding[];
}

export type CheckMode = 'pull_request' | 'push';
export type FailOn = 'new' | 'all';
export type CheckConclusion = 'success' | 'failure' | 'neutral';

/** An annotation as the check-runs API takes it (`output.annotations[]`). */
export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  /** Only when `start_line === end_line`: the API rejects columns across lines. */
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title?: string;
  raw_details?: string;
}

export type SeverityCounts = Record<Severity, number>;

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };
