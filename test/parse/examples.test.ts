import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../functions/engine/model.js';
import { parseJsonPolicy } from '../../functions/engine/parse/json.js';
import { parseYamlPolicy } from '../../functions/engine/parse/yaml.js';
import { jsonSchema } from '../../functions/engine/rule-types/json-schema.js';
import type { RawFinding } from '../../functions/engine/rules/rule.js';

const example = (name: string) =>
  readFileSync(new URL(`../../policies/examples/${name}`, import.meta.url), 'utf8');

function schemaFindings(document: PolicyDocument): RawFinding[] {
  const found: RawFinding[] = [];
  const env = { now: '2026-01-01', lineAge: () => undefined, vendorKeys: (n: string) => [n] };
  const rule = {
    id: 'schema',
    description: '',
    severity: 'error' as const,
    rationale: '',
    type: 'json-schema',
    params: {},
  };
  jsonSchema.check({
    document,
    params: { schema: 'policy-file' },
    rule,
    env,
    report: (f) => found.push(f),
  });
  return found;
}

describe('policies/examples', () => {
  it('subprocessors.yml: eight vendors, one without a GDPR link, one TODO', () => {
    const doc = parseYamlPolicy(
      { path: 'policies/examples/subprocessors.yml', text: example('subprocessors.yml') },
      { strict: false },
    );
    expect(doc.problems).toEqual([]);
    expect(doc.structured?.declaresSchema).toBe(true);
    expect(doc.thirdParties.map((p) => p.name)).toEqual([
      'Amazon Web Services',
      'Cloudflare',
      'Mailgun',
      'Stripe',
      'Zendesk',
      'Sentry',
      'Hotjar',
      'Hetzner Online',
    ]);
    expect(doc.thirdParties.filter((p) => p.gdprLink === null).map((p) => p.name)).toEqual([
      'Hotjar',
    ]);
    expect(doc.todos.map((t) => t.line)).toEqual([53]);
    expect(schemaFindings(doc).map((f) => [f.span.line, f.thirdParty, f.message])).toEqual([
      [54, 'Hotjar', expect.stringContaining('Hotjar has no `gdprLink`')],
    ]);
  });

  it('vendors.json: a wild array read through the field synonyms, not held to the schema', () => {
    const doc = parseJsonPolicy(
      { path: 'policies/examples/vendors.json', text: example('vendors.json') },
      { strict: false },
    );
    expect(doc.problems).toEqual([]);
    expect(doc.thirdParties.map((p) => [p.name, p.line, p.location, p.gdprLink])).toEqual([
      [
        'Google Workspace',
        2,
        'United States, EU',
        'https://workspace.google.com/terms/dpa_terms.html',
      ],
      ['HubSpot', 14, 'United States', 'https://legal.hubspot.com/dpa'],
      ['Segment', 22, 'United States', null],
      ['1Password', 30, 'Canada', null],
      [
        'Twilio',
        37,
        'United States, Ireland',
        'https://www.twilio.com/en-us/legal/data-protection-addendum',
      ],
    ]);
    expect(schemaFindings(doc)).toEqual([]);
  });
});
