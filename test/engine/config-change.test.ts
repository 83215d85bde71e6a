import { describe, expect, it } from 'vitest';
import configSchema from '../../policies/schemas/config.schema.json' with { type: 'json' };
import {
  configChangedProblem,
  configChanges,
  CONFIG_KEYS,
  parseConfig,
} from '../../functions/engine/index.js';

const config = (text: string) => {
  const { config, problems } = parseConfig('.policy-checker.yml', text);
  expect(problems).toEqual([]);
  return config;
};

/** Every property of the schema, nested objects as `parent.child`. */
function schemaKeys(schema: { properties?: Record<string, unknown> }, prefix = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, value]) => {
    const nested = value as { type?: string; properties?: Record<string, unknown> };
    return nested.type === 'object' && nested.properties && key !== 'rules'
      ? schemaKeys(nested, `${prefix}${key}.`)
      : [`${prefix}${key}`];
  });
}

describe('config-changed: what a pull request’s own config would loosen', () => {
  it('classifies every key of the config schema', () => {
    const unclassified = schemaKeys(configSchema).filter((key) => !(key in CONFIG_KEYS));
    expect(unclassified).toEqual([]);
    expect(schemaKeys(configSchema).length).toBeGreaterThan(10);
  });

  it('turning rules off, adding a waiver and narrowing files loosen; naming them', () => {
    const base = config('files: ["docs/**/*.md", "legal/*.yml"]\n');
    const head = config(
      [
        'files: ["docs/**/*.md"]',
        'rules:',
        '  location-required: off',
        '  purpose-required: warning',
        'waivers:',
        '  - rule: gdpr-link-required',
        '    thirdParty: Mailgun',
        '    reason: on its way',
        '    expires: 2027-01-01',
        '',
      ].join('\n'),
    );
    const changes = configChanges(base, head);
    expect(changes.map((c) => `${c.class} ${c.key} ${c.what}`)).toEqual([
      'loosens files no longer has "legal/*.yml"',
      'loosens rules.location-required turned off (was default)',
      'loosens rules.purpose-required default → warning',
      'loosens waivers adds gdpr-link-required for Mailgun until 2027-01-01',
    ]);
    const problem = configChangedProblem(changes, 'the base abc1234')!;
    expect(problem.severity).toBe('warning');
    expect(problem.ruleId).toBe('config-changed');
    expect(problem.message).toContain('judged with the base abc1234');
    expect(problem.span.line).toBe(3);
  });

  it('raising a severity, removing a waiver and adding a file pattern only tighten: a notice', () => {
    const base = config(
      'files: ["docs/*.md"]\nrules:\n  stale-todo: warning\nwaivers:\n  - rule: stale-todo\n    reason: later\n    expires: 2027-01-01\n',
    );
    const head = config('files: ["docs/*.md", "legal/*.md"]\nrules:\n  stale-todo: error\n');
    const changes = configChanges(base, head);
    expect(changes.every((c) => c.class === 'tightens')).toBe(true);
    expect(configChangedProblem(changes, 'the base')!.severity).toBe('notice');
  });

  it('a new pinned key loosens; page branding is neutral; no change is no finding', () => {
    const base = config('snapshot:\n  keyFingerprint: "' + 'a'.repeat(64) + '"\n');
    const head = config(
      'snapshot:\n  keyFingerprint: "' + 'b'.repeat(64) + '"\npage:\n  companyName: Acme\n',
    );
    expect(configChanges(base, head).map((c) => `${c.class} ${c.key}`)).toEqual([
      'loosens snapshot.keyFingerprint',
      'neutral page.companyName',
    ]);
    expect(configChangedProblem(configChanges(base, base), 'the base')).toBeNull();
  });

  it('extending a waiver loosens; failOn new loosens; onFailure publish loosens', () => {
    const waiver = (expires: string) =>
      `waivers:\n  - rule: stale-todo\n    reason: later\n    expires: ${expires}\n`;
    const base = config(`failOn: all\nsnapshot:\n  onFailure: hold\n${waiver('2027-01-01')}`);
    const head = config(`failOn: new\nsnapshot:\n  onFailure: publish\n${waiver('2028-01-01')}`);
    expect(configChanges(base, head).map((c) => `${c.class} ${c.key}`)).toEqual([
      'loosens failOn',
      'loosens snapshot.onFailure',
      'loosens waivers',
    ]);
  });
});
