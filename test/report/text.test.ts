import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../functions/engine/model.js';
import { renderText } from '../../functions/engine/report/index.js';
import { report } from './fixture.js';

const ESC = '\u001b[';

/** A one-file report with the given findings and a summary counted from them. */
function reportOf(findings: Finding[], thirdParties: number): Report {
  const count = (s: Finding['severity']): number => findings.filter((f) => f.severity === s).length;
  return {
    version: 1,
    files: [
      { path: 'privacy.md', format: 'markdown', thirdParties: [], todos: [], errors: [], findings },
    ],
    summary: {
      files: 1,
      thirdParties,
      errors: count('error'),
      warnings: count('warning'),
      notices: count('notice'),
    },
  };
}

describe('renderText', () => {
  it('renders the fixture grouped by file, aligned, with a summary', async () => {
    await expect(renderText(report)).toMatchFileSnapshot('./expected/report.txt');
  });

  it('writes no escape codes by default or with color: false', () => {
    expect(renderText(report)).not.toContain(ESC);
    expect(renderText(report, { color: false })).toBe(renderText(report));
  });

  it('colours with color: true without changing the text', () => {
    const coloured = renderText(report, { color: true });
    expect(coloured).toContain(`${ESC}31merror${ESC}39m`);
    expect(coloured).toContain(`${ESC}33mwarning${ESC}39m`);
    expect(coloured).toContain(`${ESC}36mnotice${ESC}39m`);
    expect(stripVTControlCharacters(coloured)).toBe(renderText(report));
  });

  it('says there are no problems when there are none', () => {
    expect(renderText(reportOf([], 1))).toBe('✔ No problems in 1 file, 1 third party\n');
    expect(renderText(reportOf([], 1), { color: true })).toBe(
      `${ESC}32m✔ No problems in 1 file, 1 third party${ESC}39m\n`,
    );
  });

  it('counts in the singular', () => {
    const finding: Finding = {
      ruleId: 'purpose-required',
      severity: 'warning',
      message: 'Acme has no purpose; add what it does with the data',
      line: 3,
      column: 3,
      endLine: 3,
      endColumn: 7,
      thirdParty: 'Acme',
      docsUrl: 'https://policy-checker.example/docs/rules/purpose-required.md',
      fingerprint: 'v1:0000000000000000',
      related: [],
    };
    expect(renderText(reportOf([finding], 1))).toBe(
      'privacy.md:3:3  warning  Acme has no purpose; add what it does with the data  purpose-required\n' +
        '\n' +
        '✖ 1 problem (0 errors, 1 warning, 0 notices) in 1 file, 1 third party\n',
    );
  });
});
