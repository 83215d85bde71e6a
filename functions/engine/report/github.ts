/**
 * GitHub Actions workflow commands (`::error file=…::message`), which the
 * runner turns into annotations on the run and the pull request. See
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import type { Finding, Report, Severity } from '../model.js';
import { escapeControls } from './escape-controls.js';

/** Escapes a command's message the way the runner decodes it (as `@actions/core` does). */
export function escapeData(value: string): string {
  // `%` first, or the `%` of every other escape would be escaped again.
  return value.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a command property value: as data, plus `:` and `,`, which end a property. */
export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** Renders one workflow command per finding and per file-level error, one per line. */
export function renderGithubCommands(report: Report): string {
  // In report order, uncapped: GitHub itself keeps only the first few
  // annotations of each kind per step, so the full list belongs in the text
  // or SARIF report, not in a cap of ours.
  const lines: string[] = [];
  // A note about the whole run has no file: GitHub shows it on the run's summary.
  for (const note of report.notes ?? [])
    lines.push(command(note.severity, { title: note.id }, note.message));
  for (const file of report.files) {
    for (const e of file.errors)
      lines.push(command('error', { file: file.path, title: e.ruleId }, e.message));
    for (const f of file.findings)
      lines.push(command(f.severity, findingProperties(file.path, f), f.message));
  }
  return lines.map((l) => `${l}\n`).join('');
}

function findingProperties(path: string, f: Finding): Record<string, string | number> {
  // Columns only on a one-line range: GitHub refuses them when line and endLine differ.
  const columns = f.line === f.endLine;
  return {
    file: path,
    line: f.line,
    ...(columns ? { col: f.column } : {}),
    endLine: f.endLine,
    ...(columns ? { endColumn: f.endColumn } : {}),
    title: f.ruleId,
  };
}

function command(
  severity: Severity,
  properties: Record<string, string | number>,
  message: string,
): string {
  // Controls first, as every text renderer does (an ESC reaches the log viewer, a NEL or U+2028
  // may break the line there); the runner's own encoding then covers `%`, `:` and `,`.
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(escapeControls(String(value)))}`)
    .join(',');
  return `::${severity} ${props}::${escapeData(escapeControls(message))}`;
}
