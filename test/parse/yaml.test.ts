import { describe, expect, it } from 'vitest';
import { parseYamlPolicy } from '../../functions/engine/parse/yaml.js';

const parse = (text: string, strict = false) =>
  parseYamlPolicy({ path: 'p.yml', text }, { strict });

const OURS = [
  '$schema: https://policy-checker.dev/schemas/policy-file/v1.json', // 1
  'thirdParties:', // 2
  '  - name: Mailgun # TODO(2026-03-01): move to the EU region', // 3
  '    purpose: Email delivery', // 4
  '    location: United States', // 5
  '    homepage: https://www.mailgun.com', // 6
  '    links:', // 7
  '      dpa: https://www.mailgun.com/legal/dpa/', // 8
  '# policy-check-disable-next-line gdpr-link-required -- DPA requested', // 9
  '  - name: Stripe', // 10
  '    purpose: Payments', // 11
  '',
].join('\n');

describe('parseYamlPolicy', () => {
  it('fills lines, todos (in comments too) and suppressions', () => {
    const doc = parse(OURS);
    expect(doc.format).toBe('yaml');
    expect(doc.lineCount).toBe(12);
    expect(doc.lines[2]).toContain('Mailgun');
    expect(doc.todos).toEqual([
      expect.objectContaining({ line: 3, marker: 'TODO', due: '2026-03-01' }),
    ]);
    expect(doc.suppressions).toEqual([
      { rules: ['gdpr-link-required'], fromLine: 10, toLine: 10, reason: 'DPA requested' },
    ]);
    expect(doc.problems).toEqual([]);
    expect(doc.recoveries).toEqual([]);
  });

  it('maps pointers to the spans of values and keys', () => {
    const data = parse(OURS).structured;
    expect(data?.spanAt('/thirdParties/0/name')).toEqual({
      line: 3,
      column: 11,
      endLine: 3,
      endColumn: 18,
    });
    expect(data?.keySpanAt('/thirdParties/0/purpose')).toEqual({
      line: 4,
      column: 5,
      endLine: 4,
      endColumn: 12,
    });
    expect(data?.spanAt('/thirdParties/0')).toMatchObject({ line: 3, endLine: 8 });
    // Unknown pointers fall back to the nearest ancestor that exists.
    expect(data?.spanAt('/thirdParties/1/gdprLink')).toMatchObject({ line: 10, endLine: 11 });
    expect(data?.spanAt('thirdParties/1/name')).toMatchObject({ line: 10 });
    expect(data?.keySpanAt('/thirdParties/1/gdprLink')).toBeUndefined();
  });

  it('collects every URL as a link and picks the GDPR one; a homepage is not', () => {
    const [mailgun, stripe] = parse(OURS).thirdParties;
    expect(mailgun).toMatchObject({
      name: 'Mailgun',
      position: { line: 3, column: 11 },
      shape: 'structured',
      gdprLink: 'https://www.mailgun.com/legal/dpa/',
      links: [
        { text: 'homepage', url: 'https://www.mailgun.com', line: 6 },
        { text: 'dpa', url: 'https://www.mailgun.com/legal/dpa/', line: 8 },
      ],
      origins: { purpose: 'entry', location: 'entry' },
    });
    // Our own format: a name alone is an entry, so the rules can say what is missing.
    expect(stripe).toMatchObject({
      name: 'Stripe',
      location: null,
      gdprLink: null,
      gdprLinkFoundInstead: null,
    });
  });

  it('says what was found instead of a GDPR link', () => {
    const doc = parse('- name: Segment\n  purpose: Analytics\n  website: https://segment.com\n');
    expect(doc.thirdParties[0]).toMatchObject({
      gdprLink: null,
      // The wording is gdpr-link.ts's; this parser's part is that the homepage reached it.
      gdprLinkFoundInstead: expect.stringMatching(/homepage.*https:\/\/segment\.com/),
    });
  });

  it('records fields that came from a group', () => {
    const doc = parse('- region: EU\n  vendors:\n    - name: Hetzner\n      purpose: Servers\n');
    expect(doc.thirdParties[0]).toMatchObject({
      location: 'EU',
      countries: ['EU'],
      origins: { purpose: 'entry', location: 'group' },
    });
  });

  it('reads a `service` key as the name only when nothing else names the vendor', () => {
    const doc = parse(
      '- name: Twilio\n  services: [SMS, Voice]\n  location: US\n- service: Mailgun\n  location: US\n',
    );
    expect(doc.thirdParties.map((p) => [p.name, p.purpose])).toEqual([
      ['Twilio', 'SMS, Voice'],
      ['Mailgun', null],
    ]);
  });

  it.each([
    [
      'an action.yml',
      'name: Deploy\ndescription: Deploys the app\ninputs:\n  token:\n    description: A GitHub token\n    required: true\nruns:\n  using: node20\n  main: index.js\n',
    ],
    [
      'a docker-compose file',
      'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n  db:\n    image: postgres\n',
    ],
    [
      'an OpenAPI header',
      'openapi: 3.1.0\ninfo:\n  title: API\n  description: Our API\n  contact:\n    url: https://example.com\nservers:\n  - url: https://api.example.com\n    description: Production\n',
    ],
    [
      'package.json-like metadata',
      'name: app\ndescription: An app\nhomepage: https://example.com\nrepository:\n  type: git\n  url: https://github.com/a/b\n',
    ],
  ])('reads no vendors from %s', (_label, text) => {
    expect(parse(text).thirdParties).toEqual([]);
  });

  it('reads the optional structured fields', () => {
    const doc = parse(
      'thirdParties:\n  - name: A\n    transfer: SCCs\n    effective: 2024-01-01\n    lastReviewed: 2025-01-01\n    dataCategories: [email, IP address]\n',
    );
    expect(doc.thirdParties[0]).toMatchObject({
      transfer: 'SCCs',
      effective: '2024-01-01',
      lastReviewed: '2025-01-01',
      dataCategories: ['email', 'IP address'],
    });
  });

  it.each([
    ['https://policy-checker.dev/schemas/policy-file/v1.json', false, true],
    ['https://policy-checker.dev/schemas/policy-file/v2.json', false, true],
    ['https://json-schema.org/draft/2020-12/schema', false, false],
    [null, false, false],
    [null, true, true],
  ])('declaresSchema for $schema %s (strict %s) is %s', (schema, strict, expected) => {
    const text = `${schema ? `$schema: ${schema}\n` : ''}thirdParties: []\n`;
    expect(parse(text, strict).structured?.declaresSchema).toBe(expected);
  });

  it.each([
    ['a colon in a plain value', 'a:\n  b: c: d\n', 2, 'Nested mappings'],
    ['a tab as indentation', 'a:\n\tb: 1\n', 2, 'Indent with spaces'],
    ['a duplicate key', 'name: A\nname: B\n', 2, 'appears twice'],
    ['two documents', 'a: 1\n---\nb: 2\n', 2, 'one YAML document'],
    ['an unclosed flow list', 'a: [1, 2\nb: 3\n', 2, 'YAML syntax error at line 2'],
  ])('reports %s as a schema problem at its line', (_label, text, line, words) => {
    const doc = parse(text);
    expect(doc.problems[0]).toMatchObject({ ruleId: 'schema', severity: 'error', span: { line } });
    expect(doc.problems[0]?.message).toContain(words);
    expect(doc.structured).toBeNull();
    expect(doc.thirdParties).toEqual([]);
  });

  it('reports an unknown tag as a warning and still reads the file', () => {
    const doc = parse('- name: A\n  purpose: !secret mail\n  location: US\n');
    expect(doc.problems).toEqual([
      expect.objectContaining({ severity: 'warning', span: expect.objectContaining({ line: 2 }) }),
    ]);
    expect(doc.thirdParties).toHaveLength(1);
  });

  it('refuses alias bombs and deep nesting with a problem instead of hanging or crashing', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    ].join('\n');
    expect(parse(bomb).problems[0]?.message).toContain('aliases');
    expect(parse('- '.repeat(5000) + 'x').problems[0]?.message).toContain('levels deep');
    expect(parse('['.repeat(20000)).problems[0]?.message).toContain('levels deep');
  });

  it('merges `<<` keys as Jekyll and Hugo readers do', () => {
    const doc = parse(
      'defaults: &eu\n  location: Germany\nvendors:\n  - <<: *eu\n    name: Hetzner\n    purpose: Servers\n',
    );
    expect(doc.thirdParties[0]).toMatchObject({ name: 'Hetzner', location: 'Germany', line: 4 });
  });

  it('counts lines as splitLines does, whatever the line endings', () => {
    const doc = parse('- name: A\r  purpose: B\r  location: US\r');
    expect(doc.lineCount).toBe(4);
    expect(doc.problems).toEqual([]);
    const crlf = parse('- name: A\r\n  purpose: B\r\n\r\n- name: C\r\n  purpose: D\r\n');
    expect(crlf.thirdParties.map((p) => [p.name, p.line, p.endLine])).toEqual([
      ['A', 1, 2],
      ['C', 4, 5],
    ]);
  });
});
