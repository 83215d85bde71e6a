import type { Finding, ReportedThirdParty, Severity } from '../engine/index.js';

/**
 * What the service remembers about one check of one commit: enough to answer "what was true
 * on this commit", to compare a pull request with its base without re-checking the base, and
 * to compile the snapshot.
 */
export type StoredConclusion = 'success' | 'failure' | 'neutral';

/** A finding with the file it is in (the report nests findings under files). */
export type StoredFinding = Finding & { path: string };

/** A third party with the file it is listed in. */
export type StoredParty = ReportedThirdParty & { file: string };

export interface StoredResult {
  /** `owner/name`. */
  repo: string;
  sha: string;
  /** `refs/heads/<branch>` the commit was checked on, or null (a PR head from a fork). */
  ref: string | null;
  trigger: string;
  deliveryId: string;
  pr: { number: number; baseSha: string } | null;
  conclusion: StoredConclusion;
  counts: Record<`${Severity}s`, number>;
  files: string[];
  findings: StoredFinding[];
  thirdParties: StoredParty[];
  /** SHA-256 of the config file's text, or `default`. */
  configVersion: string;
  rulePackVersion: string;
  checkRunId: number | null;
  timings: { startedAt: string; completedAt: string; durationMs: number };
}
