import { readdirSync, readFileSync } from 'node:fs';
import { buildAliasIndex, parseDocument, sameVendor } from '../../functions/engine/index.js';
import { loadRulePack } from '../../functions/rule-pack/load-rule-pack.js';
import { scoreDocument, type Labels, type Score } from './score.js';

const CORPUS = new URL('../corpus/', import.meta.url);

export interface ScoredDocument {
  file: string;
  shapes: string[];
  negative: boolean;
  score: Score;
}

/** Every labelled document of test/corpus, read by the reader and scored against its labels. */
export function scoreCorpus(): ScoredDocument[] {
  const index = buildAliasIndex(loadRulePack().aliases);
  const same = (a: string, b: string) => sameVendor(a, b, index);
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.labels.json'))
    .sort()
    .map((labelsFile) => {
      const labels = JSON.parse(readFileSync(new URL(labelsFile, CORPUS), 'utf8')) as Labels;
      const file = labelsFile.slice(0, -'.labels.json'.length);
      const text = readFileSync(new URL(file, CORPUS), 'utf8');
      const document = parseDocument({ path: file, text });
      const shapes = labels.shapes ?? [];
      return {
        file,
        shapes,
        negative: shapes.includes('negative') || labels.thirdParties.length === 0,
        score: scoreDocument(document, labels, same),
      };
    });
}
