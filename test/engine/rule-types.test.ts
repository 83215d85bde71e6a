import { describe, expect, it } from 'vitest';
import type { PolicyDocument, ThirdParty } from '../../functions/engine/index.js';
import type { RuleEnvironment, RuleType } from '../../functions/engine/rules/rule.js';
import { runRuleType } from '../helpers.js';
import { requiredField } from '../../functions/engine/rule-types/required-field.js';
import { linkShape } from '../../functions/engine/rule-types/link-shape.js';
import { unique } from '../../functions/engine/rule-types/unique.js';
import { allowedValues } from '../../functions/engine/rule-types/allowed-values.js';
import { forbiddenPattern } from '../../functions/engine/rule-types/forbidden-pattern.js';
import { findTodos } from '../../functions/engine/extract/todos.js';
import { buildAliasIndex, vendorKeys } from '../../functions/engine/vendors/same-vendor.js';

const aliases = buildAliasIndex([['Amazon Web Services', 'AWS']]);

function party(name: string, line: number, fields: Partial<ThirdParty> = {}): ThirdParty {
  const position = { line, column: 1, endLine: line, endColumn: name.length + 1 };
  return {
    name,
    position,
    line,
    endLine: line,
    purpose: 'x',
    location: 'Germany',
    countries: ['DE'],
    gdprLink: 'https://v.example/dpa',
    gdprLinkFoundInstead: null,
    links: [],
    shape: 'table',
    origins: {},
    ...fields,
  };
}

function document(thirdParties: ThirdParty[], lines: string[] = []): PolicyDocument {
  return {
    path: 'p.md',
    format: 'markdown',
    lineCount: Math.max(lines.length, 20),
    lines,
    thirdParties,
    todos: findTodos(lines),
    recoveries: [],
    suppressions: [],
    problems: [],
    structured: null,
  };
}

const run = <P>(
  type: RuleType<P>,
  params: P,
  doc: PolicyDocument,
  env: Partial<RuleEnvironment> = {},
) => runRuleType(type, params, doc, { vendorKeys: (n) => vendorKeys(n, aliases), ...env });

describe('required-field', () => {
  const params = { field: 'location' as const, label: 'location', fix: 'add it' };
  it.each([
    ['Germany', 0],
    ['EU and US', 0],
    [null, 1],
    ['', 1],
    ['   ', 1],
    ['N/A', 1],
    ['TBD', 1],
    ['-', 1],
    ['?', 1],
  ])('location %j gives %i findings', (location, count) => {
    expect(run(requiredField, params, document([party('Acme', 3, { location })]))).toHaveLength(
      count,
    );
  });

  it('names the vendor and quotes a placeholder', () => {
    const [f] = run(requiredField, params, document([party('Acme', 3, { location: 'N/A' })]));
    expect(f).toMatchObject({
      thirdParty: 'Acme',
      message: 'Acme has no location (it says "N/A"); add it',
      span: { line: 3 },
    });
  });
});

describe('link-shape', () => {
  const params = { label: 'GDPR link', fix: 'add it' };
  it.each([
    ['https://v.example/dpa', null, 0, ''],
    [null, null, 1, 'Acme has no GDPR link; add it'],
    [
      null,
      'only a homepage link: https://v.example',
      1,
      'Acme has no GDPR link; add it; found only a homepage link: https://v.example',
    ],
    ['http://v.example/dpa', null, 1, 'Acme has no GDPR link; add it'],
  ])('%s', (gdprLink, instead, count, message) => {
    const found = run(
      linkShape,
      params,
      document([party('Acme', 3, { gdprLink, gdprLinkFoundInstead: instead })]),
    );
    expect(found).toHaveLength(count);
    if (count) expect(found[0]?.message).toBe(message);
  });
});

describe('unique', () => {
  it.each([
    [['Stripe', 'Mailgun'], []],
    [['Stripe', 'Stripe, Inc.'], [2]],
    [['AWS', 'Mailgun', 'Amazon Web Services'], [3]],
    [
      ['Acme', 'ACME', 'acme GmbH'],
      [2, 3],
    ],
    [['Google', 'Google Analytics'], []],
  ])('%j → duplicates at %j', (names, lines) => {
    const found = run(unique, { fix: 'merge' }, document(names.map((n, i) => party(n, i + 1))));
    expect(found.map((f) => f.span.line)).toEqual(lines);
    for (const f of found) expect(f.related?.[0]?.line).toBe(1);
  });
});

describe('allowed-values', () => {
  const params = {
    field: 'countries' as const,
    values: ['DE', 'FR', 'EU'],
    fix: 'keep data in the EU',
  };
  it.each([
    [['DE'], 0],
    [['de', 'EU'], 0],
    [['US'], 1],
    [['DE', 'US'], 1],
    [[], 0],
  ])('countries %j', (countries, count) => {
    expect(run(allowedValues, params, document([party('Acme', 1, { countries })]))).toHaveLength(
      count,
    );
  });
});

describe('forbidden-pattern', () => {
  const params = { maxAgeDays: 30, fix: 'resolve it' };
  it.each([
    ['TODO: x', undefined, 'notice', /age is unknown/],
    ['TODO: x', 10, 'notice', /is 10 days old; resolve it within 30 days/],
    ['TODO: x', 31, undefined, /is 31 days old \(allowed: 30\)/],
    ['TODO(2026-05-31): x', 0, undefined, /past its date 2026-05-31/],
    ['TODO(2026-06-01): x', 400, 'notice', /is due 2026-06-01/],
  ])('%s aged %s', (line, age, severity, message) => {
    const [f] = run(forbiddenPattern, params, document([], [line]), { lineAge: () => age });
    expect(f?.severity).toBe(severity);
    expect(f?.message).toMatch(message);
  });

  it('takes a custom pattern instead of markers', () => {
    const found = run(
      forbiddenPattern,
      { ...params, pattern: 'lorem ipsum' },
      document([], ['ok', 'Lorem ipsum', 'lorem ipsum dolor']),
    );
    expect(found.map((f) => f.span)).toEqual([{ line: 3, column: 1, endLine: 3, endColumn: 12 }]);
  });
});
