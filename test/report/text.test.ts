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

const acme: Finding = {
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

describe('renderText', () => {
  it('renders the fixture grouped by file, one line per finding, with a summary', async () => {
    await expect(renderText(report)).toMatchFileSnapshot('./expected/report.txt');
  });

  it('never pads a message to the longest one', () => {
    // Only the location and the severity line up: a few spaces at most.
    for (const line of renderText(report).split('\n')) expect(line, line).not.toMatch(/ {6}/);
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
    expect(renderText(reportOf([acme], 1))).toBe(
      'privacy.md:3:3  warning  Acme has no purpose; add what it does with the data  purpose-required\n' +
        '\n' +
        '✖ 1 problem (0 errors, 1 warning, 0 notices) in 1 file, 1 third party\n',
    );
  });
});

/** The words of a text, whatever the lines and indents it was laid out in. */
const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== '');

describe('renderText on a terminal of a given width', () => {
  it('wraps long messages under their finding, at the message column', async () => {
    const text = renderText(report, { width: 80 });
    await expect(text).toMatchFileSnapshot('./expected/report.80.txt');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    // Nothing is lost or reordered by the wrapping.
    expect(words(text)).toEqual(words(renderText(report)));
    const lines = text.split('\n');
    const segment = lines.findIndex((l) => l.startsWith('policies/subprocessors.md:20:4'));
    const column = lines[segment]!.indexOf('Segment');
    const end = lines.findIndex((l, i) => i > segment && l.endsWith('  gdpr-link-required'));
    expect(end).toBeGreaterThan(segment + 1);
    for (const line of lines.slice(segment + 1, end + 1))
      expect(line).toMatch(new RegExp(`^ {${column}}\\S`));
  });

  it('leaves the lines of a wide terminal as they are', () => {
    expect(renderText(report, { width: 400 })).toBe(renderText(report));
  });

  it('indents by four on a narrow terminal rather than leave a sliver for the message', () => {
    const lines = renderText(reportOf([acme], 1), { width: 40 }).split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'privacy.md:3:3  warning  Acme has no',
      '    purpose; add what it does with the',
      '    data  purpose-required',
    ]);
  });

  it('keeps a URL longer than the line whole, on a line of its own', () => {
    const url = `https://example.com/${'a'.repeat(60)}`;
    const text = renderText(reportOf([{ ...acme, message: `See ${url} now` }], 1), { width: 50 });
    expect(text.split('\n')).toContain(`    ${url}`);
  });

  it('colours the same layout without changing it', () => {
    const coloured = renderText(report, { color: true, width: 72 });
    expect(stripVTControlCharacters(coloured)).toBe(renderText(report, { width: 72 }));
    expect(coloured).toContain(`${ESC}2mduplicate-third-party${ESC}22m`);
  });

  it('still escapes control characters a message carries, so no value starts a line or drives the terminal', () => {
    const message = `Evil\n::error::forged\u001b]8;;https://x.example\u0007 has no purpose`;
    const text = renderText(reportOf([{ ...acme, message }], 1), { width: 30, color: true });
    expect(stripVTControlCharacters(text)).not.toMatch(/^::error/m);
    expect(text).not.toContain('\u001b]');
    expect(text).not.toContain('\u0007');
    expect(text).toContain('Evil\\n::error::forged\\u001b]8;;https://x.example\\u0007');
  });
});

describe('the summary line', () => {
  const unreadable = (path: string): Report['files'][number] => ({
    path,
    format: null,
    thirdParties: [],
    todos: [],
    errors: [{ ruleId: 'file-unreadable', message: 'Not UTF-8 text' }],
    findings: [],
  });
  const last = (r: Report): string => renderText(r).trimEnd().split('\n').pop()!;

  it('counts only the files read, and says how many could not be', () => {
    expect(last(report)).toBe(
      '✖ 10 problems (5 errors, 3 warnings, 2 notices) in 2 files, 9 third parties; another file could not be read',
    );
  });

  it('never says "no problems" alone when a file could not be read', () => {
    const clean = reportOf([], 2);
    const some: Report = {
      ...clean,
      files: [...clean.files, unreadable('a.md'), unreadable('b.md')],
      summary: { ...clean.summary, files: 3 },
    };
    expect(last(some)).toBe('✖ 2 files could not be read; no problems in 1 file, 2 third parties');
  });

  it('says nothing was checked when no file could be read', () => {
    const none: Report = {
      version: 1,
      files: [unreadable('a.md')],
      summary: { files: 1, thirdParties: 0, errors: 0, warnings: 0, notices: 0 },
    };
    expect(last(none)).toBe('✖ 1 file could not be read; nothing was checked');
  });
});

describe('a note about the whole run', () => {
  const noted = (message: string): Report => ({
    ...reportOf([acme], 1),
    notes: [{ id: 'shallow-clone', severity: 'warning', message }],
  });

  it('comes first, wraps like a finding, and escapes its text', () => {
    const text = renderText(
      noted('This clone has no history\u001b[2J: TODO ages are unknown; run git fetch --unshallow'),
      { width: 40 },
    );
    expect(text.split('\n').slice(0, 4)).toEqual([
      'warning  This clone has no',
      '         history\\u001b[2J: TODO ages are',
      '         unknown; run git fetch',
      '         --unshallow  shallow-clone',
    ]);
    expect(text).not.toContain('\u001b');
  });
});
