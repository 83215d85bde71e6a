import type { SnapshotParty } from '../snapshot.js';
import { escapeHtml, linkOrText, webUrl, wrappingPath } from './html.js';
import type { PageFinding } from './types.js';

/** The error-level findings of each listed entry (by index), and those about no entry. */
export interface PartyProblems {
  byParty: Map<number, PageFinding[]>;
  unattached: PageFinding[];
}

/**
 * Attaches each error to the entry it is about: the entry of that file whose lines hold it
 * (the narrowest, when entries nest), else the entry of that file with that vendor's name.
 */
export function attachProblems(
  parties: readonly SnapshotParty[],
  findings: readonly PageFinding[],
): PartyProblems {
  const byParty = new Map<number, PageFinding[]>();
  const unattached: PageFinding[] = [];
  for (const finding of findings) {
    if (finding.severity !== 'error') continue;
    let best = -1;
    parties.forEach((p, i) => {
      const { file, line, endLine } = p.source;
      if (file !== finding.file || finding.line < line || finding.line > endLine) return;
      const span = parties[best]?.source;
      if (!span || endLine - line < span.endLine - span.line) best = i;
    });
    if (best < 0 && finding.thirdParty)
      best = parties.findIndex(
        (p) => p.source.file === finding.file && p.name === finding.thirdParty,
      );
    if (best < 0) unattached.push(finding);
    else byParty.set(best, [...(byParty.get(best) ?? []), finding]);
  }
  return { byParty, unattached };
}

const notStated = '<span class="none">Not stated</span>';

function text(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === ''
    ? notStated
    : escapeHtml(value);
}

function gdprCell(link: string | null): string {
  if (link === null || link.trim() === '') return notStated;
  if (webUrl(link)) return linkOrText(link);
  return `<span class="badlink">${escapeHtml(link)}</span> <span class="none">(not a web link)</span>`;
}

function rows(party: SnapshotParty, problems: readonly PageFinding[]): string {
  const { file, line, endLine } = party.source;
  const lines = endLine > line ? `${line}–${endLine}` : String(line);
  const cells = [
    `<tr${problems.length ? ' class="failed"' : ''}>`,
    `<th scope="row">${escapeHtml(party.name)}</th>`,
    `<td>${text(party.purpose)}</td>`,
    `<td>${text(party.location)}</td>`,
    `<td>${gdprCell(party.gdprLink)}</td>`,
    `<td>${wrappingPath(file)}, line\u00a0${lines}</td>`,
    '</tr>',
  ].join('');
  if (problems.length === 0) return cells;
  // The reasons in a row of their own, under the entry, across the table: readable however long.
  const reasons = problems
    .map(
      (f) => `<li><strong>Failed</strong> ${escapeHtml(f.ruleId)}: ${escapeHtml(f.message)}</li>`,
    )
    .join('');
  return `${cells}\n<tr class="why"><td colspan="5"><ul class="problem">${reasons}</ul></td></tr>`;
}

/** The list as a table: name, purpose, location, GDPR terms (a link), source file and lines. */
export function partyTable(
  parties: readonly SnapshotParty[],
  problems: PartyProblems,
  caption: string,
): string {
  if (parties.length === 0)
    return '<p class="status">This version of the list names no third parties.</p>';
  return [
    '<table class="parties">',
    `<caption>${caption}</caption>`,
    '<thead><tr><th scope="col">Name</th><th scope="col">Purpose</th><th scope="col">Location</th><th scope="col">GDPR / DPA terms</th><th scope="col">Source</th></tr></thead>',
    '<tbody>',
    ...parties.map((p, i) => rows(p, problems.byParty.get(i) ?? [])),
    '</tbody>',
    '</table>',
  ].join('\n');
}
