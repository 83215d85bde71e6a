import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../functions/engine/model.js';
import { parseJsonPolicy } from '../../functions/engine/parse/json.js';
import { parseYamlPolicy } from '../../functions/engine/parse/yaml.js';
import { jsonSchema } from '../../functions/engine/rule-types/json-schema.js';
import type { RawFinding } from '../../functions/engine/rules/rule.js';
import { runRuleType } from '../helpers.js';

const example = (name: string) =>
  readFileSync(new URL(`../../policies/examples/${name}`, import.meta.url), 'utf8');

function schemaFindings(document: PolicyDocument): RawFinding[] {
  return runRuleType(jsonSchema, { schema: 'policy-file' }, document);
}

// The examples are demo content that other parts (the CLI's `npm start`, the Markdown twin)
// also rely on, so these tests hold whatever vendors they list: they check the contract.
describe('policies/examples', () => {
  it('subprocessors.yml declares the schema, parses cleanly, and only lacks what the schema says', () => {
    const doc = parseYamlPolicy(
      { path: 'policies/examples/subprocessors.yml', text: example('subprocessors.yml') },
      { strict: false },
    );
    expect(doc.problems).toEqual([]);
    expect(doc.structured?.declaresSchema).toBe(true);
    expect(doc.thirdParties.length).toBeGreaterThanOrEqual(5);
    const incomplete = doc.thirdParties
      .filter((p) => !p.gdprLink || !p.location || !p.purpose)
      .map((p) => p.name);
    const findings = schemaFindings(doc);
    expect(findings.filter((f) => f.severity !== 'warning').map((f) => f.thirdParty)).toEqual(
      incomplete,
    );
  });

  it('a wild JSON array (staff tools) is read through the field synonyms, not held to the schema', () => {
    const text = readFileSync(
      new URL('../fixtures/structured/staff-tools.json', import.meta.url),
      'utf8',
    );
    const doc = parseJsonPolicy({ path: 'staff-tools.json', text }, { strict: false });
    expect(doc.problems).toEqual([]);
    expect(doc.structured?.declaresSchema).toBe(false);
    expect(doc.thirdParties.length).toBeGreaterThanOrEqual(3);
    for (const party of doc.thirdParties) expect(party.purpose).not.toBeNull();
    expect(schemaFindings(doc)).toEqual([]);
  });
});
