import type { FileReport, RelatedLocation, Report, ReportNote, Severity } from '../model.js';
import { palette, type Palette } from './ansi.js';
import { escapeControls as safe } from './escape-controls.js';
import { summaryLine } from './text-summary.js';
import { columns, wordsOf, wrapWords, type Word } from './wrap-words.js';

/** Options of the text renderer. */
export interface TextOptions {
  /** Emit ANSI colours; the caller decides (TTY, NO_COLOR, --color), never this renderer. */
  color?: boolean;
  /**
   * The terminal's width in columns: long messages wrap under their finding. The caller passes
   * it only for a terminal (`process.stdout.columns`); piped output keeps one line per finding,
   * so grep and editors see whole findings.
   */
  width?: number;
}

interface Row {
  location: string;
  severity: Severity;
  message: string;
  ruleId: string;
  related: RelatedLocation[];
}

/** Below this many columns for the message, continuation lines start near the left edge instead. */
const MIN_MESSAGE_COLUMNS = 32;
const NARROW_INDENT = 4;
const RELATED_INDENT = 4;

/**
 * Renders the report for a terminal, as ESLint and markdownlint-cli2 do: one line per problem,
 * `path:line:col  severity  message  rule-id`, grouped by file, then a summary line.
 */
export function renderText(report: Report, options: TextOptions = {}): string {
  const p = palette(options.color ?? false);
  const width = options.width !== undefined && options.width > 0 ? options.width : Infinity;
  const notes = (report.notes ?? []).map((n) => renderNote(n, p, width));
  const groups = report.files.map((file) => renderFile(file, p, width)).filter((g) => g !== '');
  return [...notes, ...groups, summaryLine(report, p, width)].join('\n\n') + '\n';
}

/** A note about the whole run: first, so it is read before the findings it qualifies. */
function renderNote(note: ReportNote, p: Palette, width: number): string {
  const lead = `${severityStyle(note.severity, p)(note.severity)}  `;
  const words = [...wordsOf(safe(note.message)), { text: safe(note.id), gap: '  ' }];
  const start = note.severity.length + 2;
  return layout(lead, words, { start, indent: start, width }, p).join('\n');
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

function renderFile(file: FileReport, p: Palette, width: number): string {
  const rows = toRows(file);
  // Only the short columns line up (a location differs from its neighbours by a few digits,
  // a severity by two letters); the message is never padded, so no line is wider than its text.
  const loc = Math.max(0, ...rows.map((r) => columns(r.location)));
  const sev = Math.max(0, ...rows.map((r) => r.severity.length));
  const lines: string[] = [];
  for (const row of rows) {
    const lead =
      row.location.padEnd(row.location.length + loc - columns(row.location)) +
      '  ' +
      severityStyle(row.severity, p)(row.severity) +
      ' '.repeat(sev - row.severity.length) +
      '  ';
    const start = loc + 2 + sev + 2;
    const indent = width - start >= MIN_MESSAGE_COLUMNS ? start : NARROW_INDENT;
    const words = [...wordsOf(row.message), { text: row.ruleId, gap: '  ' }];
    lines.push(...layout(lead, words, { start, indent, width }, p));
    for (const r of row.related) {
      const [first, ...rest] = wordsOf(r.message);
      const message = first ? [{ ...first, gap: '  ' }, ...rest] : [];
      const related = [{ text: `↳ ${r.path}:${r.line}:${r.column}`, gap: '' }, ...message];
      lines.push(...layout('  ', related, { start: 2, indent: RELATED_INDENT, width }, p, p.dim));
    }
  }
  return lines.join('\n');
}

/** The lead-in and the wrapped words; the last word is the rule id, dimmed, unless `all` styles every line. */
function layout(
  lead: string,
  words: Word[],
  at: { start: number; indent: number; width: number },
  p: Palette,
  all?: (text: string) => string,
): string[] {
  const last = words[words.length - 1];
  return wrapWords(words, at).map((line, i) => {
    const text = line
      .map((w, j) => (j === 0 ? '' : w.gap) + (w === last && !all ? p.dim(w.text) : w.text))
      .join('');
    const head = i === 0 ? lead : ' '.repeat(at.indent);
    return all ? head + all(text) : (head + text).trimEnd();
  });
}

function severityStyle(severity: Severity, p: Palette): (text: string) => string {
  if (severity === 'error') return p.red;
  return severity === 'warning' ? p.yellow : p.cyan;
}
