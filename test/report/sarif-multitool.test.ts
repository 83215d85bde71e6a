/**
 * The SARIF output as GitHub code scanning takes it: Microsoft's SARIF Multitool (the validator
 * GitHub points to) run with its SARIF and GitHub rule kinds on a report where every rule fires.
 */
import type { Log } from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeRules } from '../../functions/cli/rule-descriptions.js';
import { renderSarif, type Report } from '../../functions/engine/index.js';
import { folderWith, runCli } from '../cli/run-cli.js';
import { everyRuleReport } from './every-rule.js';
import { summary, validate } from './multitool.js';

describe('SARIF for GitHub code scanning (SARIF Multitool)', () => {
  let report: Report;
  let log: Log;
  beforeAll(() => {
    report = everyRuleReport();
    log = JSON.parse(
      renderSarif(report, {
        toolVersion: '0.1.0',
        informationUri: 'https://github.com/policy-checker/policy-checker',
        rules: describeRules(),
      }),
    ) as Log;
  }, 120_000);

  it('is given a report in which every rule, the engine’s own included, fires', () => {
    const fired = new Set(
      report.files.flatMap((f) => [...f.findings, ...f.errors].map((x) => x.ruleId)),
    );
    expect([...fired].sort()).toEqual(
      describeRules()
        .map((r) => r.id)
        .sort(),
    );
  });

  it('passes the SARIF and GitHub rules with no error and no warning', () => {
    expect(summary(validate(log, 'every-rule'))).toEqual([]);
  }, 60_000);

  it('describes every rule from its rule file and its docs page', () => {
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    const stale = rules.find((r) => r.id === 'stale-todo');
    expect(stale?.fullDescription?.text).toMatch(/^No TODO \/ FIXME .* GDPR Art\. 5\(1\)\(a\)/);
    expect(stale?.help?.markdown).toMatch(/^# stale-todo\n/);
    // Relative links of the page are made absolute: the alert is read away from the docs folder.
    expect(stale?.help?.markdown).not.toMatch(/\]\((?!https:)/);
    const engine = rules.find((r) => r.id === 'file-unreadable');
    expect(engine?.shortDescription?.text).toBe(
      'A policy file could not be read as text, so it was not checked.',
    );
    expect(engine?.fullDescription?.text).toMatch(/Art\. 5\(2\)/);
    expect(engine?.defaultConfiguration?.level).toBe('error');
  });

  it('is a validator that fails a log whose rules lack fullDescription and help (GH2012)', () => {
    const bare = structuredClone(log);
    const driver = bare.runs[0]!.tool.driver;
    for (const rule of driver.rules ?? []) {
      delete rule.fullDescription;
      delete rule.help;
    }
    const found = validate(bare, 'bare-rules');
    expect(found.filter((r) => r.level === 'error').map((r) => r.ruleId)).toContain('GH2012');
    expect(found.length).toBe(2 * (driver.rules?.length ?? 0));
  }, 60_000);

  it('holds for the built CLI, a repository’s custom rule included', () => {
    const root = folderWith({
      '.policy-checker.yml': [
        'customRules:',
        '  - id: eea-only',
        '    description: Data stays in the EEA.',
        '    severity: error',
        '    rationale: Our contracts promise EEA-only processing (GDPR Art. 44).',
        '    type: allowed-values',
        '    params: { field: countries, values: [EU, EEA, DE], fix: move the processing }',
        '',
      ].join('\n'),
      'subprocessors.md':
        '# Subprocessors\n\n- [Mailgun](https://www.mailgun.com/legal/dpa/) for email, hosted in the United States\n',
    });
    const run = runCli(['check', '--format', 'sarif'], root);
    expect(run.stderr).toBe('');
    const cli = JSON.parse(run.stdout) as Log;
    const custom = cli.runs[0]?.tool.driver.rules?.find((r) => r.id === 'eea-only');
    expect(custom?.fullDescription?.text).toBe(
      'Data stays in the EEA. Our contracts promise EEA-only processing (GDPR Art. 44).',
    );
    expect(cli.runs[0]?.results?.map((r) => r.ruleId)).toContain('eea-only');
    expect(summary(validate(cli, 'cli'))).toEqual([]);
  }, 60_000);
});
