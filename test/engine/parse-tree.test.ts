import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
