import { createHash } from 'node:crypto';
import type { Report } from '../engine/index.js';
import { reportToResult } from '../github/check-output/index.js';
import type { StoredParty, StoredResult } from '../store/stored-result.js';

/** A report's third parties with their files, every field kept (the snapshot lists them). */
export function flattenParties(report: Report): StoredParty[] {
  return report.files.flatMap((file) => file.thirdParties.map((p) => ({ ...p, file: file.path })));
}

/** Identifies the config a result was computed with: a stored base result is reused only under the same one. */
export function configVersion(configText: string | null): string {
  return configText === null
    ? 'default'
    : `sha256:${createHash('sha256').update(configText).digest('hex')}`;
}

export type ResultFields = Omit<
  StoredResult,
  'conclusion' | 'checkRunId' | 'timings' | 'trigger' | 'deliveryId' | 'ref' | 'pr'
>;

/** The parts of a stored result that come from the report itself. */
export function resultFields(
  report: Report,
  repo: string,
  sha: string,
  config: { text: string | null; rulePackVersion: string },
): ResultFields {
  // File-level read errors are findings here, as the check run shows them.
  const findings = [...reportToResult(report).findings];
  const count = (severity: string): number =>
    findings.filter((f) => f.severity === severity).length;
  return {
    repo,
    sha,
    // Counted from the findings, file-level read errors included: an unreadable file fails the check.
    counts: { errors: count('error'), warnings: count('warning'), notices: count('notice') },
    files: report.files.map((f) => f.path),
    findings,
    thirdParties: flattenParties(report),
    configVersion: configVersion(config.text),
    rulePackVersion: config.rulePackVersion,
  };
}
