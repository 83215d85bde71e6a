import { createHash } from 'node:crypto';
import type { Report } from '../engine/index.js';
import type { StoredFinding, StoredParty, StoredResult } from '../store/stored-result.js';

/** A report's findings with their files: file-level errors become findings at line 1. */
export function flattenFindings(report: Report): StoredFinding[] {
  return report.files.flatMap((file) => [
    ...file.errors.map((error): StoredFinding => ({
      path: file.path,
      ruleId: error.ruleId,
      severity: 'error',
      message: error.message,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      thirdParty: null,
      docsUrl: error.docsUrl ?? '',
      fingerprint: `v1:${createHash('sha256').update(`${error.ruleId}\u0000${file.path}`).digest('hex')}`,
      related: [],
    })),
    ...file.findings.map((finding) => ({ ...finding, path: file.path })),
  ]);
}

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
  const findings = flattenFindings(report);
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
