import type { PolicyDocument, ThirdParty } from '../model.js';

/** An entry's source lines with their numbers: its own, its `transfer` field, its group's heading and lead-in. */
export function entryLines(
  document: PolicyDocument,
  party: ThirdParty,
): { line: number; text: string }[] {
  const lines = document.lines
    .slice(party.line - 1, party.endLine)
    .map((text, i) => ({ line: party.line + i, text }));
  const own = party.transfer ? [...lines, { line: party.line, text: party.transfer }] : lines;
  return [...own, ...(party.groupLines ?? [])];
}
