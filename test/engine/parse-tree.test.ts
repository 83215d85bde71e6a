import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { chunksOf, parseMarkdownTree } from '../../functions/engine/parse/markdown/parse-tree.js';

const folder = (name: string) => new URL(`../fixtures/${name}/`, import.meta.url);
const documents = ['seeds', 'markdown'].flatMap((name) =>
  readdirSync(folder(name))
    .filter((f) => /\.(md|txt)$/.test(f) && !f.endsWith('.expected.txt'))
    .map((f) => readFileSync(new URL(f, folder(name)), 'utf8')),
);
// A large page the way people grow them: sections one after another, a fence with a
// heading-like line inside, and a reference defined only at the very end.
const big = [
  'See [the DPA][dpa] and [Stripe].\n',
  ...documents,
  '## Code\n\n```md\n\n# not a heading\n| a | b |\n```\n\n',
  '## Terms\n\n[dpa]: https://example.com/dpa\n[stripe]: https://stripe.com/legal/dpa\n',
]
  .join('\n\n')
  .replace(/\r\n/g, '\n');

describe('parsing a large document in parts', () => {
  it('cuts only at top-level headings after a blank line, never inside a fence', () => {
    const chunks = chunksOf(big, 2048);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.map((c) => c.text).join('\n')).toBe(big);
    for (const chunk of chunks.slice(1)) expect(chunk.text).toMatch(/^ {0,3}#{1,6}[ \t]/);
    expect(chunks.some((c) => c.text.startsWith('# not a heading'))).toBe(false);
  });

  it('gives the same tree, positions included, as one parse of the whole', () => {
    const whole = parseMarkdownTree(big, Infinity);
    expect(parseMarkdownTree(big, 2048)).toEqual(whole);
    // The first paragraph's references resolve against definitions at the very end.
    const first = whole.children[0];
    expect(
      first?.type === 'paragraph' && first.children.filter((c) => c.type === 'linkReference'),
    ).toHaveLength(2);
  });

  it('gives the same tree when the document ends inside an open fence', () => {
    const open = `${big}\n## Tail\n\n~~~\n[dpa]: https://x.example\n`;
    expect(parseMarkdownTree(open, 2048)).toEqual(parseMarkdownTree(open, Infinity));
  });
});

describe('skipping the table extension where no table can be', () => {
  const gfm = unified().use(remarkParse);
  gfm.data('micromarkExtensions', [gfmTable()]);
  gfm.data('fromMarkdownExtensions', [gfmTableFromMarkdown()]);
  const samples = [
    ...documents,
    'a | b\n--- | ---\n1 | 2\n',
    '> | a | b |\n> |---|:-:|\n> | 1 | 2 |\n',
    '- item\n\n  | a |\n  | - |\n  | 1 |\n',
    'Not a table | really\n\n---\n',
    '| a |\n|---\n',
  ];
  it.each(samples.map((s, i) => [i, s] as const))(
    'sample %i parses as with GFM tables',
    (_, text) => {
      expect(parseMarkdownTree(text)).toEqual(gfm.parse(text));
    },
  );

  it('holds for arbitrary table-like text', () => {
    const piece = fc.constantFrom(
      '|',
      '||',
      ' | ',
      '-',
      '---',
      ':-:',
      '>',
      '> ',
      '- ',
      '  ',
      '\t',
      'a',
      'b c',
      '\n',
      '\n\n',
      '\\|',
      '`',
      '#',
    );
    const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(parseMarkdownTree(t)).toEqual(gfm.parse(t));
      }),
      { numRuns: 5000 },
    );
  });
});
