import type { Report } from '../model.js';

/** Renders the report as the JSON of DESIGN.md ("Findings and reports"): the Report object as is. */
export function renderJson(report: Report): string {
  // A trailing newline so `> report.json` gives a POSIX text file and shells print a clean prompt.
  return `${JSON.stringify(report, null, 2)}\n`;
}
