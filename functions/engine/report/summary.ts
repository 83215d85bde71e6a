import type { FileReport, ReportSummary } from '../model.js';

/** Counts files, third parties and findings by severity (file-level read errors are listed per file, not counted here). */
export function summarise(files: readonly FileReport[]): ReportSummary {
  const summary: ReportSummary = {
    files: files.length,
    thirdParties: 0,
    errors: 0,
    warnings: 0,
    notices: 0,
  };
  for (const file of files) {
    summary.thirdParties += file.thirdParties.length;
    for (const f of file.findings) {
      if (f.severity === 'error') summary.errors += 1;
      else if (f.severity === 'warning') summary.warnings += 1;
      else summary.notices += 1;
    }
  }
  return summary;
}
