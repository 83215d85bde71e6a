import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreCorpus } from './corpus.js';
import { scoreDocument, totals } from './score.js';

const floor = JSON.parse(readFileSync(new URL('./floor.json', import.meta.url), 'utf8')) as Record<
  'f1' | 'precision' | 'recall' | 'fieldAccuracy' | 'todoF1',
  number
>;

describe('the reader on the labelled corpus (npm run eval)', () => {
  const scored = scoreCorpus();
  const all = totals(scored.map((d) => d.score));

  it('holds at least 40 documents once the corpus is complete, from labels beside each', () => {
    expect(scored.length).toBeGreaterThanOrEqual(39);
  });

  it.each(['f1', 'precision', 'recall', 'fieldAccuracy', 'todoF1'] as const)(
    '%s stays at or above the recorded floor',
    (key) => {
      expect(all[key]).toBeGreaterThanOrEqual(floor[key] - 0.005);
    },
  );
});

describe('the scorer', () => {
  const same = (a: string, b: string) => a === b;
  const party = (
    name: string,
    line: number,
    fields: Partial<Record<'purpose' | 'location' | 'gdprLink', string>> = {},
  ) => ({ name, line, purpose: null, location: null, gdprLink: null, ...fields }) as never;

  it('matches a labelled entry to a found one within two lines, by normalised name', () => {
    const score = scoreDocument(
      {
        thirdParties: [
          party('Amazon Web Services, Inc. (AWS)', 5, { purpose: 'Hosting of the app' }),
        ],
        todos: [],
      },
      {
        document: 'x.md',
        thirdParties: [
          {
            name: 'Amazon Web Services',
            line: 4,
            purpose: 'Hosting',
            location: null,
            gdprLink: null,
          },
        ],
        todos: [],
      },
      same,
    );
    expect(score).toMatchObject({ matched: 1, fieldsRight: 3, fieldsScored: 3 });
  });

  it('a name three lines away, an invented entry and a wrong field all count against', () => {
    const score = scoreDocument(
      { thirdParties: [party('Mailgun', 10), party('Purpose', 12, { location: 'EU' })], todos: [] },
      {
        document: 'x.md',
        thirdParties: [
          { name: 'Mailgun', line: 7, purpose: null, location: null, gdprLink: null },
          { name: 'Purpose', line: 12, purpose: null, location: null, gdprLink: null },
        ],
        todos: [],
      },
      same,
    );
    expect(score).toMatchObject({
      matched: 1,
      fieldsRight: 2,
      missed: ['7 Mailgun'],
      invented: ['10 Mailgun'],
    });
    expect(totals([score]).f1).toBeCloseTo(0.5);
  });
});
