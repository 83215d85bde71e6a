import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument, renderText } from '../../functions/engine/index.js';
import { check } from '../helpers.js';

const dir = new URL('../fixtures/seeds/', import.meta.url);
const seeds = readdirSync(dir).filter((f) => f.endsWith('.txt') && !f.endsWith('.expected.txt'));

interface Labels {
  thirdParties: {
    name: string;
    line: number;
    purpose: string | null;
    location: string | null;
    countries: string[];
    gdprLink: string | null;
  }[];
  todos: { line: number; marker: string; text: string }[];
  duplicates: { name: string; line: number; firstLine: number }[];
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** A labelled phrase must appear in the extracted value; null must stay null. */
function contains(actual: string | null, phrase: string | null): boolean {
  return phrase === null ? actual === null : actual !== null && norm(actual).includes(norm(phrase));
}

describe.each(seeds)('seed %s', (seed) => {
  const text = readFileSync(new URL(seed, dir), 'utf8');
  const labels = JSON.parse(readFileSync(new URL(seed.replace('.txt', '.labels.json'), dir), 'utf8')) as Labels;
  const document = parseDocument({ path: seed, text });

  it('extracts exactly the labelled third parties, at their lines', () => {
    expect(document.thirdParties.map((t) => `${t.line} ${t.name}`)).toEqual(labels.thirdParties.map((t) => `${t.line} ${t.name}`));
  });

  it.each(labels.thirdParties.map((l, i) => [`${l.line} ${l.name}`, i] as const))('fields of %s', (_, i) => {
    const label = labels.thirdParties[i]!;
    const party = document.thirdParties[i]!;
    expect({ name: party.name, purpose: contains(party.purpose, label.purpose) ? label.purpose : party.purpose }).toEqual({
      name: label.name,
      purpose: label.purpose,
    });
    expect(contains(party.location, label.location) ? label.location : party.location).toEqual(label.location);
    expect(party.countries).toEqual(label.countries);
    expect(party.gdprLink).toEqual(label.gdprLink);
  });

  it('finds the labelled TODOs', () => {
    expect(document.todos.map((t) => ({ line: t.line, marker: t.marker, text: t.text }))).toEqual(labels.todos);
  });

  it('reports the labelled duplicates, pointing at the first listing', () => {
    const report = check([{ path: seed, text }], { only: ['duplicate-third-party'] });
    const found = report.files[0]!.findings.map((f) => ({ name: f.thirdParty, line: f.line, firstLine: f.related[0]?.line }));
    expect(found).toEqual(labels.duplicates);
  });

  it('renders the expected report', async () => {
    const report = check([{ path: `seeds/${seed}`, text }]);
    await expect(renderText(report)).toMatchFileSnapshot(`../fixtures/seeds/${seed.replace('.txt', '.expected.txt')}`);
  });
});
