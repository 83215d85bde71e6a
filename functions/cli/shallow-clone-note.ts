import type { Report, ReportNote } from '../engine/index.js';

/** Said once when a shallow clone hid how old TODO lines are: what happened and the two fixes. */
export const SHALLOW_CLONE_NOTE: ReportNote = {
  id: 'shallow-clone',
  severity: 'warning',
  message:
    'This is a shallow clone, so the history that dates TODO lines is missing: their ages are unknown, and a stale TODO is not reported as stale. Fetch the full history: fetch-depth: 0 with actions/checkout, or git fetch --unshallow',
};

/** The report with the note at its top (first in JSON too, where it is read first). */
export function withNote(report: Report, note: ReportNote): Report {
  const { version, notes = [], ...rest } = report;
  return { version, notes: [...notes, note], ...rest };
}
