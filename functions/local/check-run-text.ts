import { escapeControls, plainFromMarkdown } from '../engine/index.js';

/** What the demo prints of a completed check run: the part of it GitHub would show. */
export interface PrintedCheckRun {
  name: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null };
}

/**
 * A check run as a terminal shows it: its name, conclusion and title, then its summary. The
 * summary is Markdown written for GitHub's page; printed as it is, a terminal would show
 * `✅ **Passing**`, table pipes and backslash escapes, so it is rendered as plain text at the
 * terminal's width (none when piped).
 */
export function checkRunText(run: PrintedCheckRun, width?: number): string {
  const head = escapeControls(
    `Check run "${run.name}": ${run.conclusion ?? 'pending'} — ${run.output.title ?? 'no title'}`,
  );
  if (run.output.summary === null) return `${head}\n`;
  return `${head}\n\n${plainFromMarkdown(run.output.summary, width === undefined ? {} : { width })}`;
}
