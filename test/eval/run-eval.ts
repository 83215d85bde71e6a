import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scoreCorpus, type ScoredDocument } from './corpus.js';
import { totals, type Totals } from './score.js';

/**
 * `npm run eval`: how well the reader reads the real documents of test/corpus against the
 * labels people wrote by reading them. Per document, per shape and in total: entity
 * precision, recall and F1, field accuracy (purpose, location, GDPR link on matched
 * entities), TODO F1. `--details` lists what each document missed, invented and got wrong;
 * `--json FILE` writes the figures.
 */
const { values } = parseArgs({
  options: { details: { type: 'boolean', default: false }, json: { type: 'string' } },
});
const scored = scoreCorpus();
const pct = (n: number): string => n.toFixed(2);
const row = (name: string, t: Totals): string =>
  `| ${name} | ${t.documents} | ${t.labelled} | ${t.found} | ${pct(t.precision)} | ${pct(t.recall)} | ${pct(t.f1)} | ${pct(t.fieldAccuracy)} | ${pct(t.todoF1)} |`;
const header = [
  '| | docs | labelled | found | precision | recall | F1 | fields | TODO F1 |',
  '| --- | --: | --: | --: | --: | --: | --: | --: | --: |',
];
const lines: string[] = ['## Per document', '', ...header];
for (const doc of scored) lines.push(row(doc.file, totals([doc.score])));
const shapes = [...new Set(scored.flatMap((d) => d.shapes))].sort();
const byShape = (shape: string): ScoredDocument[] => scored.filter((d) => d.shapes.includes(shape));
lines.push('', '## Per shape', '', ...header);
for (const shape of shapes) lines.push(row(shape, totals(byShape(shape).map((d) => d.score))));
const all = totals(scored.map((d) => d.score));
const negatives = scored.filter((d) => d.negative);
lines.push('', '## Total', '', ...header, row('all', all));
lines.push(
  '',
  `negatives: ${negatives.length}, with entries found: ${negatives.filter((d) => d.score.found > 0).length}`,
);
if (values.details)
  for (const doc of scored) {
    const { missed, invented, wrongFields } = doc.score;
    if (missed.length + invented.length + wrongFields.length === 0) continue;
    lines.push('', `### ${doc.file}`);
    for (const m of missed) lines.push(`- missed: ${m}`);
    for (const m of invented) lines.push(`- invented: ${m}`);
    for (const m of wrongFields) lines.push(`- field: ${m}`);
  }
process.stdout.write(`${lines.join('\n')}\n`);
if (values.json)
  writeFileSync(
    values.json,
    JSON.stringify(
      {
        all,
        shapes: Object.fromEntries(shapes.map((s) => [s, totals(byShape(s).map((d) => d.score))])),
      },
      null,
      2,
    ),
  );
