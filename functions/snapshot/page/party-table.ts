import type { SnapshotParty } from '../snapshot.js';
import { escapeHtml, linkOrText, webUrl, wrappingPath } from './html.js';
import type { FieldValue, MergedParty } from './merge-parties.js';
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

function gdprCell(link: string): string {
  if (webUrl(link)) return linkOrText(link);
  return `<span class="badlink">${escapeHtml(link)}</span> <span class="none">(not a web link)</span>`;
}

function place({ file, line, endLine }: SnapshotParty['source']): string {
  const lines = endLine > line ? `${line}–${endLine}` : String(line);
  return `${wrappingPath(file)}, line\u00a0${lines}`;
}

/**
 * A field of a merged row: its one value, or each value the listings give with where it comes
 * from, marked when the files disagree (the cross-document rule's judgement).
 */
function fieldCell(
  field: readonly FieldValue[],
  show: (value: string) => string,
  disagree: boolean,
): string {
  if (field.length === 0) return notStated;
  if (field.length === 1) return show(field[0]!.value);
  const items = field
    .map(
      (v) =>
        `<li>${show(v.value)} <span class="from">(${v.sources.map(place).join('; ')})</span></li>`,
    )
    .join('');
  const mark = disagree ? '<strong class="disagree">The files disagree:</strong> ' : '';
  return `${mark}<ul class="values">${items}</ul>`;
}

function sourcesCell(sources: readonly SnapshotParty['source'][]): string {
  if (sources.length === 1) return place(sources[0]!);
  return `<ul class="values">${sources.map((s) => `<li>${place(s)}</li>`).join('')}</ul>`;
}

function rows(party: MergedParty, problems: readonly PageFinding[]): string {
  const aka = party.otherNames.length
    ? ` <span class="aka">also listed as ${party.otherNames.map((n) => `<bdi>${escapeHtml(n)}</bdi>`).join(', ')}</span>`
    : '';
  const cells = [
    `<tr${problems.length ? ' class="failed"' : ''}>`,
    `<th scope="row">${escapeHtml(party.name)}${aka}</th>`,
    `<td>${fieldCell(party.purpose, escapeHtml, party.disagreements.includes('purpose'))}</td>`,
    `<td>${fieldCell(party.location, escapeHtml, party.disagreements.includes('location'))}</td>`,
    `<td>${fieldCell(party.gdprLink, gdprCell, false)}</td>`,
    `<td>${sourcesCell(party.sources)}</td>`,
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

/** The problems of a merged row: those of each of its listings. */
export function rowProblems(party: MergedParty, problems: PartyProblems): PageFinding[] {
  return party.indexes.flatMap((i) => problems.byParty.get(i) ?? []);
}

/**
 * The list as a table, one row per vendor: name, purpose, location, GDPR terms (a link), and
 * every file and line it is listed at.
 */
export function partyTable(
  parties: readonly MergedParty[],
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
    ...parties.map((p) => rows(p, rowProblems(p, problems))),
    '</tbody>',
    '</table>',
  ].join('\n');
}
