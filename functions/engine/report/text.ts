import type { FileReport, RelatedLocation, Report, ReportNote, Severity } from '../model.js';
import { palette, type Palette } from './ansi.js';
import { escapeControls as safe } from './escape-controls.js';

/** Options of the text renderer. */
export interface TextOptions {
  /** Emit ANSI colours; the caller decides (TTY, NO_COLOR, --color), never this renderer. */
  color?: boolean;
}

interface Row {
  location: string;
  severity: Severity;
  message: string;
  ruleId: string;
  related: RelatedLocation[];
}

/** Renders the report for a terminal: one aligned line per problem, grouped by file, then a summary. */
export function renderText(report: Report, options: TextOptions = {}): string {
  const p = palette(options.color ?? false);
  const notes = (report.notes ?? []).map((n) => renderNote(n, p));
  const groups = report.files.map((file) => renderFile(file, p)).filter((g) => g !== '');
  return [...notes, ...groups, summarize(report, p)].join('\n\n') + '\n';
}

/** A note about the whole run: first, so it is read before the findings it qualifies. */
function renderNote(note: ReportNote, p: Palette): string {
  return [severityStyle(note.severity, p)(note.severity), note.message, p.dim(note.id)].join('  ');
}

// Every value is escaped (a file name, a vendor name inside a message), before the layout and
// the colours: a row stays one line, and only this renderer's own escape codes reach the terminal.
function toRows(file: FileReport): Row[] {
  const path = safe(file.path);
  // File-level errors first: they explain why the file has no findings.
  const errors = file.errors.map((e): Row => ({
    location: path,
    severity: 'error',
    message: safe(e.message),
    ruleId: safe(e.ruleId),
    related: [],
  }));
  const findings = file.findings.map((f): Row => ({
    // `path:line:col` on every line, so terminals and editors can jump to it.
    location: `${path}:${f.line}:${f.column}`,
    severity: f.severity,
    message: safe(f.message),
    ruleId: safe(f.ruleId),
    related: f.related.map((r) => ({ ...r, path: safe(r.path), message: safe(r.message) })),
  }));
  return [...errors, ...findings];
}

function renderFile(file: FileReport, p: Palette): string {
  const rows = toRows(file);
  // Widths come from the plain text, so escape codes never skew the columns.
  const width = (pick: (r: Row) => string): number =>
    Math.max(0, ...rows.map((r) => pick(r).length));
  const [loc, sev, msg] = [
    width((r) => r.location),
    width((r) => r.severity),
    width((r) => r.message),
  ];
  const pad = (text: string, to: number, style: (t: string) => string = (t) => t): string =>
    style(text) + ' '.repeat(to - text.length);
  const lines: string[] = [];
  for (const row of rows) {
    const severity = pad(row.severity, sev, severityStyle(row.severity, p));
    lines.push(
      [pad(row.location, loc), severity, pad(row.message, msg), p.dim(row.ruleId)].join('  '),
    );
    for (const r of row.related)
      lines.push(p.dim(`  ↳ ${r.path}:${r.line}:${r.column}  ${r.message}`));
  }
  return lines.join('\n');
}

function severityStyle(severity: Severity, p: Palette): (text: string) => string {
  if (severity === 'error') return p.red;
  return severity === 'warning' ? p.yellow : p.cyan;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summarize(report: Report, p: Palette): string {
  const { files, thirdParties, errors, warnings, notices } = report.summary;
  const scope = `in ${count(files, 'file')}, ${count(thirdParties, 'third party', 'third parties')}`;
  // A file that could not be read is never "no problems", whether or not the
  // summary counted its error: the command exits 2 for it.
  const unchecked = report.files.filter((f) => f.errors.length > 0).length;
  const problems = errors + warnings + notices;
  if (problems === 0 && unchecked === 0) return p.green(`✔ No problems ${scope}`);
  const kinds = `${count(errors, 'error')}, ${count(warnings, 'warning')}, ${count(notices, 'notice')}`;
  const tail = unchecked > 0 ? `; ${count(unchecked, 'file')} could not be checked` : '';
  const style = errors > 0 || unchecked > 0 ? p.red : warnings > 0 ? p.yellow : p.cyan;
  return style(p.bold(`✖ ${count(problems, 'problem')} (${kinds}) ${scope}${tail}`));
}
