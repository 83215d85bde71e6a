import { readdirSync, readFileSync } from 'node:fs';
import { buildAliasIndex, sameVendor } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { scoreDocument, totals, type Labels } from './score.js';

/**
 * `npm run eval -- --agreement` (or `tsx test/eval/agreement.ts`): how far two people agree on
 * the documents both labelled, the first labels (test/corpus) read as the truth and the
 * second, blind ones (test/corpus/second-labels) scored as if a reader had produced them. It
 * bounds what the reader's score can mean: F1 above the labellers' agreement is noise.
 */
const corpus = new URL('../corpus/', import.meta.url);
const second = new URL('../corpus/second-labels/', import.meta.url);
const index = buildAliasIndex(loadRulePack().aliases);
const read = (url: URL): Labels => JSON.parse(readFileSync(url, 'utf8')) as Labels;
const rows = readdirSync(second)
  .filter((f) => f.endsWith('.labels.json'))
  .sort()
  .map((file) => {
    const first = read(new URL(file, corpus));
    const other = read(new URL(file, second));
    const asFound = {
      thirdParties: other.thirdParties.map((p) => ({ ...p })),
      todos: other.todos.map((t) => ({ ...t })),
    } as never;
    return { file, score: scoreDocument(asFound, first, (a, b) => sameVendor(a, b, index)) };
  });
const line = (name: string, t: ReturnType<typeof totals>) =>
  `| ${name} | ${t.labelled} | ${t.found} | ${t.f1.toFixed(2)} | ${t.fieldAccuracy.toFixed(2)} |`;
const out = [
  '| document | first | second | entity F1 | fields |',
  '| --- | --: | --: | --: | --: |',
];
for (const { file, score } of rows) out.push(line(file, totals([score])));
out.push(line('all', totals(rows.map((r) => r.score))));
if (process.argv.includes('--details'))
  for (const { file, score } of rows)
    for (const d of [
      ...score.missed.map((m) => `only first: ${m}`),
      ...score.invented.map((m) => `only second: ${m}`),
      ...score.wrongFields,
    ])
      out.push(`- ${file}: ${d}`);
process.stdout.write(`${out.join('\n')}\n`);
