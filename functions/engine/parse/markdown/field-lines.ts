import { meaningOfHeader, type Field } from '../../extract/field-synonyms.js';

// "- **Purpose:** email delivery", "Location: Germany": a label a table would have as a header.
const FIELD_LINE =
  /^\s*(?:[-*+]\s+)?(?:\*\*|__)?([\p{L}][\p{L} /-]{1,30}?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$/u;

/** The field a short label names ("Purpose", "Data location"), or null when it names none. */
export function fieldOfLabel(label: string): Field | null {
  if (label.trim().split(/\s+/).length > 3) return null;
  const meaning = meaningOfHeader(label);
  return meaning === null || meaning === 'name' || meaning === 'service' ? null : meaning;
}

/** Fields written as labelled lines in an entry's own text. */
export function readFieldLines(lines: readonly string[]): Partial<Record<Field, string>> {
  const fields: Partial<Record<Field, string>> = {};
  for (const line of lines) {
    const match = FIELD_LINE.exec(line);
    const field = match?.[1] ? fieldOfLabel(match[1]) : null;
    const value = match?.[2]?.trim();
    if (field && value && !(field in fields)) fields[field] = value;
  }
  return fields;
}
