import { describe, expect, it } from 'vitest';
import { folderWith, runCli } from './run-cli.js';

const LIST = `# Subprocessors

| Subprocessor | Purpose | Location | DPA |
| --- | --- | --- | --- |
| Mailgun | Email delivery | | [DPA](https://www.mailgun.com/legal/dpa/) |
`;

interface Row {
  path: string;
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

function check(files: Record<string, string>): { code: number | null; rows: Row[] } {
  const run = runCli(['check', '--format', 'json', '--now', '2026-06-01'], folderWith(files));
  const report = JSON.parse(run.stdout) as {
    files: { path: string; findings: Omit<Row, 'path'>[] }[];
  };
  const rows = report.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path })));
  return { code: run.code, rows };
}

describe('an invalid config: every problem in one run', () => {
  // Schema errors (a bad severity, an unknown key, a short reason) used to hide the problems
  // only the rule pack can see (a misspelt rule id) until they were fixed.
  const config = [
    'rules:', //                                  1
    '  locaton-required: off', //                 2  names no rule
    '  stale-todo: loud', //                      3  not a severity
    '  duplicate-third-party:', //                4  a parameter its type does not take
    '    params: { bogus: 1 }',
    'filez: []', //                               6  unknown key
    'ignore:',
    "  - 'archive/!(keep).md'", //               8  a glob linear-time matching cannot run
    'waivers:',
    '  - rule: purpose-requird', //              10  names no rule
    '    reason: x', //                          11  too short
    '    expires: 2027-01-01',
    '',
  ].join('\n');

  it('reports each at its line, with what to do, and exits 2', () => {
    const { code, rows } = check({ 'subprocessors.md': LIST, '.policy-checker.yml': config });
    expect(code).toBe(2);
    const problems = rows.filter((r) => r.ruleId === 'config-invalid');
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [2, '"rules.locaton-required" names no rule; did you mean location-required?'],
      [3, expect.stringMatching(/^"rules\.stale-todo" must be equal to one of the allowed values/)],
      [
        4,
        expect.stringMatching(/^"rules\.duplicate-third-party": params must NOT have additional/),
      ],
      [6, 'the config has an unknown key "filez"; remove it or fix its spelling'],
      [8, expect.stringMatching(/^"ignore\[0\]" is a glob this checker cannot match/)],
      [10, 'The waiver names no rule "purpose-requird"; did you mean purpose-required?'],
      [11, expect.stringMatching(/^"waivers\.0\.reason" must NOT have fewer than 3 characters/)],
    ]);
  });

  it('applies none of its settings while it is invalid: the check runs with the defaults', () => {
    const { rows } = check({ 'subprocessors.md': LIST, '.policy-checker.yml': config });
    expect(rows.filter((r) => r.path === 'subprocessors.md').map((r) => r.ruleId)).toEqual([
      'location-required',
    ]);
  });
});

describe('a YAML syntax error', () => {
  it('in the config is reported once, where the unclosed quote opens', () => {
    const { code, rows } = check({
      'subprocessors.md': LIST,
      '.policy-checker.yml':
        'files:\n  - "docs/*.md\nrules:\n  stale-todo: off\n  duplicate-third-party: warning\n',
    });
    expect(code).toBe(2);
    expect(rows.filter((r) => r.path === '.policy-checker.yml')).toEqual([
      expect.objectContaining({
        ruleId: 'config-invalid',
        line: 2,
        column: 5,
        message:
          'YAML syntax error at line 2, column 5: this quote is never closed. Close it at the end of its value, or remove it; until the config parses, the check runs with the default settings',
      }),
    ]);
  });

  it('in a policy file is reported once, at its line, not once per error that follows it', () => {
    const vendors = [
      'thirdParties:',
      '  - name: Mailgun',
      '  purpose: Email', //          3: the key is not indented under its entry
      '    location: [Germany',
      '  - name: Stripe',
      '    purpose: payments',
      '  location: Ireland',
      '',
    ].join('\n');
    const { code, rows } = check({ 'vendors.yml': vendors });
    expect(code).toBe(1);
    const syntax = rows.filter((r) => r.message.startsWith('YAML syntax error'));
    expect(syntax).toHaveLength(1);
    expect(syntax[0]).toMatchObject({ path: 'vendors.yml', ruleId: 'schema', line: 3 });
    expect(syntax[0]!.message).toMatch(
      /^YAML syntax error at line 3, column \d+: .+; until the file parses, none of its third parties are checked\. The parser found \d+ more errors after this one, which may follow from it: fix this one first$/,
    );
  });
});
