import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument, renderText } from '../../functions/engine/index.js';
import { check } from '../helpers.js';

// Real documents (seeds) and shape fixtures, each with labels written by hand from reading it.
const folders = ['seeds', 'markdown'];
const documents = folders.flatMap((folder) =>
  readdirSync(new URL(`../fixtures/${folder}/`, import.meta.url))
    .filter((f) => f.endsWith('.labels.json'))
    .map((f) => {
      const labels = JSON.parse(
        readFileSync(new URL(`../fixtures/${folder}/${f}`, import.meta.url), 'utf8'),
      ) as Labels & { document: string };
      return [`${folder}/${labels.document}`, labels] as const;
    }),
);

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

describe.each(documents)('%s', (name, labels) => {
  const seed = name.split('/')[1] as string;
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  const document = parseDocument({ path: seed, text, format: 'markdown' });

  it('extracts exactly the labelled third parties, at their lines', () => {
    expect(document.thirdParties.map((t) => `${t.line} ${t.name}`)).toEqual(
      labels.thirdParties.map((t) => `${t.line} ${t.name}`),
    );
  });

  it.each(labels.thirdParties.map((l, i) => [`${l.line} ${l.name}`, i] as const))(
    'fields of %s',
    (_, i) => {
      const label = labels.thirdParties[i]!;
      const party = document.thirdParties[i]!;
      expect({
        name: party.name,
        purpose: contains(party.purpose, label.purpose) ? label.purpose : party.purpose,
      }).toEqual({
        name: label.name,
        purpose: label.purpose,
      });
      expect(contains(party.location, label.location) ? label.location : party.location).toEqual(
        label.location,
      );
      expect(party.countries).toEqual(label.countries);
      expect(party.gdprLink).toEqual(label.gdprLink);
    },
  );

  it('finds the labelled TODOs', () => {
    expect(document.todos.map((t) => ({ line: t.line, marker: t.marker, text: t.text }))).toEqual(
      labels.todos,
    );
  });

  it('reports the labelled duplicates, pointing at the first listing', () => {
    const report = check([{ path: seed, text }], { only: ['duplicate-third-party'] });
    const found = report.files[0]!.findings.map((f) => ({
      name: f.thirdParty,
      line: f.line,
      firstLine: f.related[0]?.line,
    }));
    expect(found).toEqual(labels.duplicates);
  });

  it('renders the expected report', async () => {
    const report = check([{ path: name, text, format: 'markdown' }]);
    await expect(renderText(report)).toMatchFileSnapshot(
      `../fixtures/${name.replace(/\.\w+$/, '.expected.txt')}`,
    );
  });
});
