import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { plainFromMarkdown } from '../../functions/engine/report/index.js';
import { md } from '../../functions/github/check-output/markdown.js';

/** The golden check-run summary a reviewer sees on GitHub (test/github/check-output/). */
const summary = readFileSync(
  new URL('../github/check-output/summary.expected.md', import.meta.url),
  'utf8',
);

/** Markdown syntax a terminal would show as it is. */
const MARKDOWN_SYNTAX = /\*\*|\]\(|^#{1,6} |^\| ?-{3}|\\[()\\:`*_[\]|#!~]|&(amp|lt|gt);/m;

describe('plainFromMarkdown: check-run Markdown on a terminal', () => {
  it('renders the golden summary as plain text: no bold marks, links, pipes or escapes', async () => {
    const text = plainFromMarkdown(summary, { width: 100 });
    await expect(text).toMatchFileSnapshot('./expected/summary.plain.txt');
    expect(text).not.toMatch(MARKDOWN_SYNTAX);
    expect(text).toContain('❌ Failing: this pull request introduces errors.');
    expect(text).toContain('(https://plausible.io/privacy)');
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('lines a table up when it fits, and prints one record per row when it does not', () => {
    const table = '| Change | Third party |\n| --- | --- |\n| Added | Plausible |\n| Removed | |\n';
    expect(plainFromMarkdown(table)).toBe('Change   Third party\nAdded    Plausible\nRemoved\n');
    expect(plainFromMarkdown(table, { width: 18 })).toBe(
      '- Change: Added;\n  Third party:\n  Plausible\n- Change: Removed\n',
    );
  });

  it('prints a value the check run escaped as the value, joiners and all taken out', () => {
    // md() is how the check run writes a vendor's name: escaped, mentions broken by U+200D.
    const name = '@acme/security & <Partners> [1] *www.example.com* #42';
    expect(md(name)).not.toBe(name);
    expect(plainFromMarkdown(`- ${md(name)} has no location`)).toBe(`- ${name} has no location\n`);
  });

  it('escapes control characters a value carries, so none reaches the terminal', () => {
    const text = plainFromMarkdown('Vendor `Evil\u001b]0;pwned\u0007` and\u0085more\n');
    expect(text).toBe('Vendor Evil\\u001b]0;pwned\\u0007 and\\u0085more\n');
  });
});
