/**
 * Vendor names (and purposes, locations, links, paths) are written by whoever edits the policy
 * file; they reach the check run's Markdown summary and the public HTML page. Whatever they
 * hold, they stay text there: no HTML, no links but ours, no `@` mention that notifies, no
 * `#123` reference, and every table row keeps its columns.
 */
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { buildAliasIndex } from '../../functions/engine/index.js';
import { parseMarkdownTree } from '../../functions/engine/parse/markdown/parse-tree.js';
import {
  buildCheckRunOutput,
  escapeMarkdown,
  type PathFinding,
  type PathParty,
} from '../../functions/github/check-output/index.js';
import { pageStyle, renderPage } from '../../functions/snapshot/page/index.js';
import { finding } from '../github/check-output/fixtures.js';
import { chain, party as storedParty } from '../page/fixtures.js';
import { parseTable, tags } from '../page/parse-page.js';
import { SEED } from './support.js';

const HOSTILE = [
  '|',
  '\\',
  '\\|',
  '<script>alert(1)</script>',
  '<ScRiPt src=//x>',
  '<img src=x onerror=alert(1)>',
  '</td></tr>',
  '<!--',
  '@org/team',
  '@user',
  'a@b.example',
  '#123',
  'org/repo#7',
  '`',
  '``code``',
  '[x](javascript:alert(1))',
  '![i](https://evil.example/i.png)',
  '[ref]: https://evil.example',
  'https://evil.example/a',
  'www.evil.example',
  '<https://evil.example>',
  '**',
  '_',
  '~~',
  '&amp;',
  '&#64;x',
  ':',
  '\n',
  '\r\n',
  '\u2028',
  '\u0000',
  '\u200d',
  '\u202e',
  '😀',
];
const hostileText = fc
  .array(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE) }, fc.string({ maxLength: 4 })),
    {
      minLength: 1,
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''));
const maybe = fc.option(hostileText, { nil: null });

const DOCS = 'https://policy-checker.example/docs/rules/';
const aliasIndex = buildAliasIndex([]);

/** Cells of a GFM table row as GitHub splits it: on `|` not escaped by a backslash. */
function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i += 1) {
    if (row[i] === '\\') i += 1;
    else if (row[i] === '|') pipes += 1;
  }
  return pipes - 1;
}

function walk(node: Nodes, visit: (node: Nodes) => void): void {
  visit(node);
  if ('children' in node) for (const child of node.children) walk(child as Nodes, visit);
}

/** What GitHub would make of the Markdown: only our links, no HTML, no mentions or references. */
function expectInert(markdown: string): void {
  expect(markdown).not.toMatch(/<[a-z!/?]/i);
  // Outside our own link targets, no URL or www. is left for GitHub's autolinker.
  const prose = markdown.replace(
    /\]\(https:\/\/policy-checker\.example\/docs\/rules\/[^)\s]+\)/g,
    ']',
  );
  expect(prose).not.toMatch(/https?:\/\/|www\./i);
  const tree: Root = parseMarkdownTree(markdown);
  walk(tree, (node) => {
    expect(['html', 'image', 'imageReference', 'definition']).not.toContain(node.type);
    if (node.type === 'link') expect(node.url.startsWith(DOCS), node.url).toBe(true);
    if (node.type === 'text') {
      expect(node.value).not.toMatch(/@[A-Za-z0-9]/);
      expect(node.value).not.toMatch(/#[0-9]/);
    }
  });
  // Every row of a table has the header's number of cells.
  let columns: number | null = null;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('| ')) {
      columns = null;
      continue;
    }
    columns ??= cellCount(line);
    expect(cellCount(line), line).toBe(columns);
  }
}

describe('the check run output with hostile values', () => {
  const values = fc.record({
    name: hostileText,
    renamed: hostileText,
    purpose: maybe,
    location: maybe,
    gdprLink: maybe,
    path: hostileText,
    message: hostileText,
  });

  it('escapes every value: only our links, no HTML, no mention, no reference, whole table rows', () => {
    fc.assert(
      fc.property(fc.array(values, { minLength: 1, maxLength: 4 }), (vendors) => {
        const head: PathFinding[] = vendors.flatMap((v, i) => [
          finding({
            ruleId: 'location-required',
            thirdParty: v.name,
            path: v.path,
            message: v.message,
            line: i + 1,
          }),
          finding({ ruleId: 'purpose-required', thirdParty: v.renamed, path: v.path, line: i + 1 }),
        ]);
        const party = (v: (typeof vendors)[number], name: string): PathParty => ({
          name,
          purpose: v.purpose,
          location: v.location,
          gdprLink: v.gdprLink,
          file: v.path,
        });
        const output = buildCheckRunOutput({
          head: { findings: head, thirdParties: vendors.map((v) => party(v, v.name)) },
          base: {
            findings: head.slice(1),
            thirdParties: vendors.map((v) => party({ ...v, purpose: 'before' }, v.renamed)),
          },
          mode: 'pull_request',
          failOn: 'new',
          aliasIndex,
        });
        expectInert(output.summary);
        expectInert(output.text);
      }),
      { seed: SEED, numRuns: 20 },
    );
  });

  it.each([
    ['@org/security', '@\u200dorg/security'],
    ['@octocat', '@\u200doctocat'],
    ['#123', '\\#\u200d123'],
    ['www.evil.example', 'w\u200dww.evil.example'],
    ['a | b', 'a \\| b'],
    ['<script>', '&lt;script&gt;'],
    ['[x](javascript:alert(1))', '\\[x\\]\\(javascript\\:alert\\(1\\)\\)'],
    ['`rm -rf`', '\\`rm -rf\\`'],
  ])('%j is shown as %j', (value, escaped) => {
    // Before: `@org/security` and `#123` went through as they were (a backslash before `#` is
    // gone once GitHub renders it), so a vendor's name could page a team or link an issue.
    expect(escapeMarkdown(value)).toBe(escaped);
  });
});

describe('the public page with hostile values', () => {
  const values = fc.record({
    name: hostileText,
    purpose: maybe,
    location: maybe,
    gdprLink: maybe,
    file: hostileText,
  });
  const ALLOWED = new Set(
    'html head meta title link body a header div h1 h2 h3 p nav ul li main section table caption thead tbody tr th td span strong time img ol pre code samp dl dt dd del ins bdi footer wbr'.split(
      ' ',
    ),
  );

  it('shows every value as text, one row of five cells per third party', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(values, { minLength: 1, maxLength: 4, selector: (v) => v.name }),
        (vendors) => {
          const parties = vendors.map((v, i) =>
            storedParty(`${v.name} ${i}`, {
              purpose: v.purpose,
              location: v.location,
              gdprLink: v.gdprLink,
              file: `${v.file}.md`,
            }),
          );
          const c = chain([parties.slice(1), parties]);
          const html = renderPage({
            snapshot: c.head,
            sha256: c.sha256,
            history: c.history,
            role: 'index',
            styleFile: pageStyle().file,
            findings: parties.map((p) => ({
              file: p.file,
              line: p.line,
              thirdParty: p.name,
              ruleId: 'location-required',
              severity: 'error' as const,
              message: p.name,
            })),
          });
          expect(html).not.toMatch(/<script|<iframe|<object|<form|<img/i);
          for (const [name, attrs] of tags(html)) {
            expect(ALLOWED).toContain(name);
            expect(Object.keys(attrs).filter((a) => a.startsWith('on'))).toEqual([]);
            if (attrs.href !== undefined) expect(attrs.href).toMatch(/^(https?:\/\/|#|[\w.-]+$)/);
          }
          const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
          for (const row of body.matchAll(/<tr(?: class="failed")?>([\s\S]*?)<\/tr>/g))
            expect(row[1]?.match(/<t[hd][ >]/g)).toHaveLength(5);
          expect(parseTable(html)).toHaveLength(parties.length);
        },
      ),
      { seed: SEED, numRuns: 25 },
    );
  });
});
