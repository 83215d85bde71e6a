import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { PolicyDocument, Span } from '../../functions/engine/model.js';
import { parseJsonPolicy } from '../../functions/engine/parse/json.js';
import { parseYamlPolicy } from '../../functions/engine/parse/yaml.js';
import { jsonSchema } from '../../functions/engine/rule-types/json-schema.js';
import type { RawFinding } from '../../functions/engine/rules/rule.js';
import { runRuleType } from '../helpers.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/structured/${name}`, import.meta.url), 'utf8');
const seeds = [
  fixture('our-format.yml'),
  fixture('nested-groups.yml'),
  fixture('vendors-evidence.json'),
];

/** Text that is mostly structured: random values written as YAML or JSON, and damaged fixtures. */
const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      '-',
      ' ',
      ':',
      '\n',
      '\r',
      '\t',
      '[',
      ']',
      '{',
      '}',
      '"',
      "'",
      '#',
      'a',
      '&',
      '*',
      '!',
      '?',
      '|',
      '>',
      'TODO',
    ),
    maxLength: 120,
  }),
  fc.jsonValue().map((v) => JSON.stringify(v, null, 2)),
  fc.jsonValue().map((v) => stringify(v)),
  fc
    .tuple(fc.constantFrom(...seeds), fc.nat(), fc.string({ maxLength: 5 }))
    .map(
      ([seed, at, junk]) =>
        seed.slice(0, at % (seed.length + 1)) + junk + seed.slice(at % (seed.length + 1)),
    ),
);

function within(span: Span, lineCount: number): boolean {
  return (
    span.line >= 1 && span.endLine >= span.line && span.endLine <= lineCount && span.column >= 1
  );
}

function schemaFindings(document: PolicyDocument): RawFinding[] {
  return runRuleType(jsonSchema, { schema: 'policy-file' }, document);
}

function assertInRange(document: PolicyDocument): void {
  const n = document.lineCount;
  expect(n).toBe(document.lines.length);
  for (const todo of document.todos) expect(todo.line >= 1 && todo.line <= n).toBe(true);
  for (const problem of document.problems) expect(within(problem.span, n)).toBe(true);
  for (const party of document.thirdParties) {
    expect(party.line >= 1 && party.line <= party.endLine && party.endLine <= n).toBe(true);
    expect(within(party.position, n)).toBe(true);
    for (const link of party.links) expect(link.line >= 1 && link.line <= n).toBe(true);
  }
  for (const finding of schemaFindings(document)) expect(within(finding.span, n)).toBe(true);
}

describe('structured parsers on arbitrary input', () => {
  it.each([
    ['parseYamlPolicy', parseYamlPolicy],
    ['parseJsonPolicy', parseJsonPolicy],
  ])('%s never throws and keeps every line within 1..lineCount', (_name, parse) => {
    fc.assert(
      fc.property(texts, fc.boolean(), (text, strict) => {
        assertInRange(parse({ path: 'p', text }, { strict }));
      }),
      { numRuns: 400 },
    );
  });
});
