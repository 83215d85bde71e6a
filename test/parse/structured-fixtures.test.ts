import { readdir, readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import type { PolicyDocument, SourceFile } from '../../functions/engine/model.js';
import { parseJsonPolicy } from '../../functions/engine/parse/json.js';
import { parseYamlPolicy } from '../../functions/engine/parse/yaml.js';

// Each fixture's `.expected.json` was written by hand from reading the fixture, not from output.
const root = new URL('../fixtures/structured/', import.meta.url);
const fixtures = (await readdir(root))
  .filter((f) => /\.(ya?ml|json)$/.test(f) && !f.endsWith('.expected.json'))
  .sort();

function parse(source: SourceFile): PolicyDocument {
  const options = { strict: false };
  return source.path.endsWith('.json')
    ? parseJsonPolicy(source, options)
    : parseYamlPolicy(source, options);
}

/** The fields a fixture's expectation lists. */
function summarise(document: PolicyDocument): unknown {
  return {
    thirdParties: document.thirdParties.map((p) => ({
      name: p.name,
      line: p.line,
      endLine: p.endLine,
      purpose: p.purpose,
      location: p.location,
      countries: p.countries,
      gdprLink: p.gdprLink,
    })),
    problems: document.problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      line: p.span.line,
    })),
  };
}

it.each(fixtures)('%s', async (file) => {
  const text = await readFile(new URL(file, root), 'utf8');
  const expectedFile = file.replace(/\.(ya?ml|json)$/, '.expected.json');
  const expected: unknown = JSON.parse(await readFile(new URL(expectedFile, root), 'utf8'));
  expect(summarise(parse({ path: `test/fixtures/structured/${file}`, text }))).toEqual(expected);
});
