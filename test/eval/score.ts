import type { PolicyDocument } from '../../functions/engine/model.js';

/**
 * Scores what the reader found in a document against labels a person wrote from reading it.
 * Entities are matched one to one: the same vendor (names equal once normalised, or one the
 * other's leading words, or the same vendor by `sameVendor`) within two lines of each other,
 * the nearest first. Fields are scored on matched entities only.
 */
export interface LabelledEntry {
  name: string;
  line: number;
  purpose: string | null;
  location: string | null;
  gdprLink: string | null;
}

export interface Labels {
  document: string;
  thirdParties: LabelledEntry[];
  todos: { line: number }[];
  shapes?: string[];
}

export interface Score {
  /** Entities: labelled, found by the reader, matched. */
  labelled: number;
  found: number;
  matched: number;
  /** Fields right on matched entities, out of three per match. */
  fieldsRight: number;
  fieldsScored: number;
  todoLabelled: number;
  todoFound: number;
  todoMatched: number;
  /** What did not match, for a person to read. */
  missed: string[];
  invented: string[];
  wrongFields: string[];
}

const normalise = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\b(inc|llc|ltd|limited|gmbh|bv|sa|sas|ab|corp|corporation|co|plc)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function sameName(a: string, b: string, sameVendor: (a: string, b: string) => boolean): boolean {
  const x = normalise(a);
  const y = normalise(b);
  if (x === '' || y === '') return false;
  if (x === y || sameVendor(a, b)) return true;
  // "Amazon Web Services" and "Amazon Web Services (AWS) S3": one is the other's leading words.
  return `${y} `.startsWith(`${x} `) || `${x} `.startsWith(`${y} `);
}

/** A labelled phrase must appear in the found value; null must stay null. */
function fieldRight(found: string | null, label: string | null): boolean {
  if (label === null) return found === null || found.trim() === '';
  return found !== null && normalise(found).includes(normalise(label));
}

function linkRight(found: string | null, label: string | null): boolean {
  const clean = (url: string | null) => url?.trim().replace(/\/+$/, '').toLowerCase() ?? null;
  return clean(found) === clean(label);
}

export function scoreDocument(
  document: Pick<PolicyDocument, 'thirdParties' | 'todos'>,
  labels: Labels,
  sameVendor: (a: string, b: string) => boolean,
): Score {
  const found = document.thirdParties;
  const taken = new Set<number>();
  const score: Score = {
    labelled: labels.thirdParties.length,
    found: found.length,
    matched: 0,
    fieldsRight: 0,
    fieldsScored: 0,
    todoLabelled: labels.todos.length,
    todoFound: document.todos.length,
    todoMatched: 0,
    missed: [],
    invented: [],
    wrongFields: [],
  };
  for (const label of labels.thirdParties) {
    let best = -1;
    for (const [i, party] of found.entries()) {
      if (taken.has(i) || Math.abs(party.line - label.line) > 2) continue;
      if (!sameName(party.name, label.name, sameVendor)) continue;
      if (best < 0 || Math.abs(party.line - label.line) < Math.abs(found[best]!.line - label.line))
        best = i;
    }
    if (best < 0) {
      score.missed.push(`${label.line} ${label.name}`);
      continue;
    }
    taken.add(best);
    score.matched++;
    const party = found[best]!;
    const checks: ['purpose' | 'location' | 'gdprLink', boolean][] = [
      ['purpose', fieldRight(party.purpose, label.purpose)],
      ['location', fieldRight(party.location, label.location)],
      ['gdprLink', linkRight(party.gdprLink, label.gdprLink)],
    ];
    for (const [field, right] of checks) {
      score.fieldsScored++;
      if (right) score.fieldsRight++;
      else
        score.wrongFields.push(
          `${label.line} ${label.name} ${field}: ${JSON.stringify(party[field])} ≠ ${JSON.stringify(label[field])}`,
        );
    }
  }
  for (const [i, party] of found.entries())
    if (!taken.has(i)) score.invented.push(`${party.line} ${party.name}`);
  const todoLines = new Set(labels.todos.map((t) => t.line));
  score.todoMatched = new Set(
    document.todos.map((t) => t.line).filter((l) => todoLines.has(l)),
  ).size;
  return score;
}

export interface Totals {
  precision: number;
  recall: number;
  f1: number;
  fieldAccuracy: number;
  todoF1: number;
  documents: number;
  labelled: number;
  found: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
const f1 = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

export function totals(scores: readonly Score[]): Totals {
  const sum = (key: keyof Score) => scores.reduce((n, s) => n + (s[key] as number), 0);
  const precision = ratio(sum('matched'), sum('found'));
  const recall = ratio(sum('matched'), sum('labelled'));
  const todoP = ratio(sum('todoMatched'), sum('todoFound'));
  const todoR = ratio(sum('todoMatched'), sum('todoLabelled'));
  return {
    precision,
    recall,
    f1: f1(precision, recall),
    fieldAccuracy: ratio(sum('fieldsRight'), sum('fieldsScored')),
    todoF1: f1(todoP, todoR),
    documents: scores.length,
    labelled: sum('labelled'),
    found: sum('found'),
  };
}
