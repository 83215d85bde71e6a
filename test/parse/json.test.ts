import { describe, expect, it } from 'vitest';
import { parseJsonPolicy } from '../../functions/engine/parse/json.js';
import { locateJsonSyntaxError } from '../../functions/engine/parse/structured-json-syntax.js';

const parse = (text: string, strict = false) =>
  parseJsonPolicy({ path: 'v.json', text }, { strict });

const OURS = `{
  "$schema": "https://policy-checker.dev/schemas/policy-file/v1.json",
  "thirdParties": [
    {
      "name": "Mailgun",
      "purpose": "Email delivery",
      "location": ["United States", "Germany"],
      "gdprLink": "https://www.mailgun.com/legal/dpa/"
    }
  ]
}
`;

describe('parseJsonPolicy', () => {
  it('reads our format with positions from the same pointers', () => {
    const doc = parse(OURS);
    expect(doc.format).toBe('json');
    expect(doc.lineCount).toBe(12);
    expect(doc.structured?.declaresSchema).toBe(true);
    expect(doc.structured?.spanAt('/thirdParties/0/gdprLink')).toEqual({
      line: 8,
      column: 19,
      endLine: 8,
      endColumn: 55,
    });
    expect(doc.structured?.keySpanAt('/thirdParties/0/gdprLink')).toMatchObject({
      line: 8,
      column: 7,
    });
    expect(doc.thirdParties).toEqual([
      expect.objectContaining({
        name: 'Mailgun',
        line: 4,
        endLine: 9,
        position: { line: 5, column: 15, endLine: 5, endColumn: 24 },
        location: 'United States, Germany',
        countries: ['US', 'DE'],
        gdprLink: 'https://www.mailgun.com/legal/dpa/',
      }),
    ]);
  });

  it('reads the value with JSON.parse: duplicate keys are allowed, the last one wins', () => {
    const doc = parse('{\n  "a": 1,\n  "a": 2\n}\n');
    expect(doc.problems).toEqual([]);
    expect(doc.structured?.value).toEqual({ a: 2 });
    expect(doc.structured?.spanAt('/a')).toMatchObject({ line: 3 });
  });

  it('accepts a byte-order mark and keeps columns of the text as given', () => {
    const doc = parse('\uFEFF[{"name": "A", "purpose": "B", "location": "US"}]');
    expect(doc.problems).toEqual([]);
    expect(doc.thirdParties[0]?.position).toMatchObject({ line: 1, column: 12 });
    const broken = parse('\uFEFF{"a": }');
    expect(broken.problems[0]?.span).toMatchObject({ line: 1, column: 8 });
  });

  it.each([
    ['a trailing comma', '{\n  "a": 1,\n}', 3, 1, 'Expected double-quoted property name'],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, "Expected ',' or '}'"],
    ['a missing value', '[\n  {"a": }\n]', 2, 9, "Unexpected token '}'"],
    ['single quotes', "[\n  {'a': 1}\n]", 2, 4, 'Expected property name'],
    ['an unterminated string', '{\n  "a": "x\n}', 2, 10, 'Bad control character'],
    ['an empty file', '', 1, 1, 'Unexpected end of JSON input'],
    ['text after the value', '{}\n{}', 2, 1, 'Unexpected non-whitespace character'],
  ])('reports %s at its line and column', (_label, text, line, column, words) => {
    const doc = parse(text);
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatchObject({
      ruleId: 'schema',
      severity: 'error',
      span: { line, column },
    });
    expect(doc.problems[0]?.message).toContain(
      `JSON syntax error at line ${line}, column ${column}: ${words}`,
    );
    expect(doc.problems[0]?.message).not.toContain('is not valid JSON');
    expect(doc.structured).toBeNull();
  });

  it('refuses JSON nested deeper than 200 levels, at the bracket that goes too deep', () => {
    const doc = parse(`[\n${'['.repeat(5000)}${']'.repeat(5001)}`);
    expect(doc.problems).toMatchObject([{ ruleId: 'schema', span: { line: 2, column: 200 } }]);
    expect(doc.problems[0]?.message).toContain('more than 200 levels deep');
    expect(doc.structured).toBeNull();
  });

  it('keeps the value of JSON laid out deeper than the YAML reader allows, but not its positions', () => {
    let value: unknown = 'x';
    for (let i = 0; i < 150; i += 1) value = [value];
    const doc = parse(JSON.stringify(value, null, 2));
    expect(doc.problems).toEqual([]);
    expect(doc.structured?.spanAt('/0/0/0')).toMatchObject({ line: 1, column: 1 });
  });
});

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a": 1}', null],
    ['[1, 2.5e3, -0, true, false, null, "x\\u00e9\\n"]', null],
    ['{"a": }', 6],
    ["{'a': 1}", 1],
    ['[1 2]', 3],
    ['[1,]', 3],
    ['"\\x"', 1],
    ['[', 1],
    ['{"a" 1}', 5],
    ['01', 1],
    ['[-]', 1],
    ['"a\nb"', 2],
  ])('%j → %s', (text, offset) => {
    expect(locateJsonSyntaxError(text)).toBe(offset);
  });
});
