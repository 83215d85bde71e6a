import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../functions/engine/model.js';
import { parseJsonPolicy } from '../../functions/engine/parse/json.js';
import { parseYamlPolicy } from '../../functions/engine/parse/yaml.js';
import { POLICY_FILE_SCHEMA_ID } from '../../functions/engine/parse/structured-schema-id.js';
import schema from '../../policies/schemas/policy-file.schema.json' with { type: 'json' };
import { jsonSchema } from '../../functions/engine/rule-types/json-schema.js';
import type { RawFinding } from '../../functions/engine/rules/rule.js';
import { runRuleType } from '../helpers.js';

function check(document: PolicyDocument): RawFinding[] {
  return runRuleType(jsonSchema, { schema: 'policy-file' }, document);
}

const yaml = (text: string, strict = false) =>
  check(parseYamlPolicy({ path: 'p.yml', text }, { strict }));
const json = (text: string, strict = false) =>
  check(parseJsonPolicy({ path: 'p.json', text }, { strict }));

const HEAD = '$schema: https://policy-checker.dev/schemas/policy-file/v1.json\nthirdParties:\n';
const MAILGUN = [
  '  - name: Mailgun',
  '    purpose: Email delivery',
  '    location: United States',
  '    gdprLink: https://www.mailgun.com/legal/dpa/',
];
/** Our format with `lines` replacing Mailgun's entry (line 3 is the entry's first line). */
const file = (...lines: string[]) => HEAD + (lines.length ? lines : MAILGUN).join('\n') + '\n';

describe('json-schema rule type', () => {
  it.each([
    ['a minimal entry', file()],
    [
      'a list of locations',
      file(...MAILGUN.slice(0, 2), '    location: [United States, Germany]', MAILGUN[3] ?? ''),
    ],
    [
      'every optional field',
      file(
        ...MAILGUN,
        '    transfer: SCCs',
        '    effective: 2024-02-29',
        '    lastReviewed: 2025-01-15',
        '    dataCategories: [email address]',
        '    notes: Only for EU customers',
      ),
    ],
    ['an empty list', `${HEAD}  []\n`.replace('thirdParties:\n  []', 'thirdParties: []')],
    ['a later schema version', file().replace('/v1.json', '/v2.json')],
    [
      'a wild file that does not declare the schema',
      '- name: Mailgun\n  website: https://mailgun.com\n',
    ],
    ['a file that did not parse', `${HEAD}  - name: [\n`],
  ])('valid: %s', (_label, text) => {
    expect(yaml(text)).toEqual([]);
  });

  it('valid: our format in JSON', () => {
    const text = JSON.stringify({
      $schema: 'https://policy-checker.dev/schemas/policy-file/v1.json',
      thirdParties: [
        { name: 'A', purpose: 'B', location: ['EU'], gdprLink: 'https://a.example/dpa' },
      ],
    });
    expect(json(text)).toEqual([]);
  });

  it.each([
    [
      'a missing gdprLink',
      file(...MAILGUN.slice(0, 3)),
      [
        {
          line: 3,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: 'Mailgun has no `gdprLink`; add it: the https URL',
        },
      ],
    ],
    [
      'an http gdprLink',
      file(...MAILGUN.slice(0, 3), '    gdprLink: http://www.mailgun.com/gdpr'),
      [
        {
          line: 6,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: '`gdprLink` "http://www.mailgun.com/gdpr" does not start with https://',
        },
      ],
    ],
    [
      'an unknown field',
      file(...MAILGUN, '    website: https://www.mailgun.com'),
      [
        {
          line: 7,
          severity: 'warning',
          thirdParty: 'Mailgun',
          text: 'unknown field `website` (ignored by the schema); use one of name, purpose, location',
        },
      ],
    ],
    [
      'a misspelt field',
      file(...MAILGUN.slice(0, 3), '    gdpr_link: https://www.mailgun.com/legal/dpa/'),
      [
        { line: 3, severity: undefined, thirdParty: 'Mailgun', text: 'has no `gdprLink`' },
        { line: 6, severity: 'warning', thirdParty: 'Mailgun', text: 'did you mean `gdprLink`?' },
      ],
    ],
    [
      'a synonym instead of the field',
      file(MAILGUN[0] ?? '', MAILGUN[1] ?? '', '    country: Germany', MAILGUN[3] ?? ''),
      [
        { line: 3, severity: undefined, thirdParty: 'Mailgun', text: 'has no `location`' },
        {
          line: 5,
          severity: 'warning',
          thirdParty: 'Mailgun',
          text: 'unknown field `country` (ignored by the schema); did you mean `location`?',
        },
      ],
    ],
    [
      'an impossible date',
      file(...MAILGUN, '    effective: 2024-13-45'),
      [
        {
          line: 7,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: '`effective` "2024-13-45" is not a valid date (YYYY-MM-DD)',
        },
      ],
    ],
    [
      'an empty location list',
      file(MAILGUN[0] ?? '', MAILGUN[1] ?? '', '    location: []', MAILGUN[3] ?? ''),
      [
        {
          line: 5,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: '`location` is an empty list',
        },
      ],
    ],
    [
      'a number as location',
      file(MAILGUN[0] ?? '', MAILGUN[1] ?? '', '    location: 42', MAILGUN[3] ?? ''),
      [
        {
          line: 5,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: '`location` is 42, which is not text or a list',
        },
      ],
    ],
    [
      'a blank purpose',
      file(MAILGUN[0] ?? '', '    purpose: ""', ...MAILGUN.slice(2)),
      [
        {
          line: 4,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: '`purpose` is empty; set it to what the vendor does',
        },
      ],
    ],
    [
      'a bad list item',
      file(
        MAILGUN[0] ?? '',
        MAILGUN[1] ?? '',
        '    location:',
        '      - Germany',
        '      - 7',
        MAILGUN[3] ?? '',
      ),
      [
        {
          line: 7,
          severity: undefined,
          thirdParty: 'Mailgun',
          text: '`location[1]` is 7, which is not text',
        },
      ],
    ],
    [
      'an entry without a name',
      file(...MAILGUN.slice(1).map((l, i) => (i === 0 ? l.replace('    ', '  - ') : l))),
      [
        {
          line: 3,
          severity: undefined,
          thirdParty: null,
          text: 'Third party 1 (unnamed) has no `name`',
        },
      ],
    ],
    [
      'a second entry, named in the message',
      file(...MAILGUN, '  - name: Stripe', '    purpose: Payments', '    location: Ireland'),
      [{ line: 7, severity: undefined, thirdParty: 'Stripe', text: 'Stripe has no `gdprLink`' }],
    ],
    [
      'no thirdParties',
      '$schema: https://policy-checker.dev/schemas/policy-file/v1.json\ntitle: Vendors\n',
      [
        {
          line: 1,
          severity: undefined,
          thirdParty: null,
          text: 'This file has no `thirdParties`; add it: the list of third parties',
        },
      ],
    ],
    [
      'an unknown top-level key',
      `${file()}vendors: []\n`,
      [
        {
          line: 7,
          severity: 'warning',
          thirdParty: null,
          text: 'This file has an unknown field `vendors`',
        },
      ],
    ],
  ])('invalid: %s', (_label, text, expected) => {
    const found = yaml(text);
    expect(
      found.map((f) => ({
        line: f.span.line,
        severity: f.severity,
        thirdParty: f.thirdParty ?? null,
      })),
    ).toEqual(expected.map(({ line, severity, thirdParty }) => ({ line, severity, thirdParty })));
    expected.forEach(({ text: words }, i) => expect(found[i]?.message).toContain(words));
  });

  it('checks a strict file that does not declare the schema, pointing at its first line', () => {
    const found = yaml('# vendors\n- name: Mailgun\n  purpose: Email\n', true);
    expect(found).toEqual([
      {
        span: { line: 2, column: 1, endLine: 2, endColumn: 2 },
        thirdParty: null,
        message:
          "The file's top level is a list, not a mapping; write it as a mapping with a `thirdParties:` list of entries",
      },
    ]);
  });

  it('checks an empty strict file', () => {
    expect(yaml('', true)[0]?.message).toContain("The file's top level is empty");
  });

  it('points at JSON values by line', () => {
    const text = [
      '{',
      '  "$schema": "https://policy-checker.dev/schemas/policy-file/v1.json",',
      '  "thirdParties": [',
      '    { "name": "A", "purpose": "B", "location": "EU", "gdprLink": "https://a.example/dpa" },',
      '    { "name": "C", "purpose": "D", "location": "US",',
      '      "gdprLink": "ftp://c.example/dpa", "homepage": "https://c.example" }',
      '  ]',
      '}',
    ].join('\n');
    const found = json(text);
    expect(
      found.map((f) => [f.span.line, f.span.column, f.severity ?? 'error', f.thirdParty]),
    ).toEqual([
      [6, 19, 'error', 'C'],
      [6, 42, 'warning', 'C'],
    ]);
  });

  it('uses a schema whose $id is the one files declare, with help text on every property', () => {
    expect(schema.$id).toBe(POLICY_FILE_SCHEMA_ID);
    const missingHelp: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && value !== null && typeof value === 'object')
          for (const [name, property] of Object.entries(value)) {
            const help = property !== null && typeof property === 'object' ? property : {};
            if (!('title' in help) || !('description' in help)) missingHelp.push(`${path}/${name}`);
          }
        visit(value, `${path}/${key}`);
      }
    };
    visit(schema, '#');
    expect(missingHelp).toEqual([]);
  });

  it('declares its params schema', () => {
    expect(jsonSchema.type).toBe('json-schema');
    expect(jsonSchema.paramsSchema).toMatchObject({ required: ['schema'] });
  });
});
