import type { PhrasingContent, RootContent, Table } from 'mdast';
import { parseMarkdownTree } from '../parse/markdown/parse-tree.js';
import { escapeControls } from './escape-controls.js';
import { columns, wordsOf, wrapWords } from './wrap-words.js';

/** Options of the Markdown-to-terminal renderer. */
export interface PlainOptions {
  /** The terminal's width: paragraphs and list items wrap at it; a table wider than it becomes one record per row. */
  width?: number;
}

/** A table wider than this prints as records when no width is given (a pipe or a log). */
const DEFAULT_TABLE_WIDTH = 100;

/**
 * Check-run Markdown (what GitHub renders: headings, bold, code spans, links, GFM tables,
 * backslash escapes) as plain text for a terminal, where `✅ **Passing**` would print as it is.
 * Links keep their label (the terminal cannot follow a Markdown link, and every value is
 * escaped, so no OSC 8 link either); the zero-width joiners the check run puts after `@` and `#`
 * to stop GitHub's mentions are taken out; every value is escaped like the text report's.
 */
export function plainFromMarkdown(markdown: string, options: PlainOptions = {}): string {
  const width = options.width !== undefined && options.width > 0 ? options.width : Infinity;
  const blocks = parseMarkdownTree(markdown).children.map((node) => block(node, width));
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

function block(node: RootContent, width: number): string {
  switch (node.type) {
    case 'heading':
    case 'paragraph':
      return wrap(inline(node.children), '', '', width);
    case 'list':
      return node.children
        .map((item) => {
          const text = item.children.map((child) => block(child, Infinity)).join(' ');
          return wrap(text, '- ', '  ', width);
        })
        .join('\n');
    case 'table':
      return table(node, width);
    case 'thematicBreak':
      return '---';
    case 'code':
    case 'html':
      return node.value.split('\n').map(escapeControls).join('\n');
    case 'blockquote':
      return node.children.map((child) => `> ${block(child, width - 2)}`).join('\n');
    default:
      return '';
  }
}

/** The text of inline content, emphasis and link syntax dropped, values escaped. */
function inline(nodes: readonly PhrasingContent[]): string {
  return nodes
    .map((node): string => {
      if (node.type === 'text' || node.type === 'inlineCode') return unjoin(node.value);
      if (node.type === 'break') return ' ';
      if ('children' in node) return inline(node.children);
      return 'value' in node ? unjoin(node.value) : '';
    })
    .join('');
}

/** Takes out the joiners `md()` put after `@`, `#` and inside `www.`, then escapes. */
function unjoin(text: string): string {
  return escapeControls(text.replace(/([@#])\u200d/g, '$1').replace(/(w)\u200d(ww\.)/gi, '$1$2'));
}

function wrap(text: string, lead: string, indent: string, width: number): string {
  return wrapWords(wordsOf(text.replace(/\s+/g, ' ')), {
    start: columns(lead),
    indent: columns(indent),
    width,
  })
    .map((line, i) => (i === 0 ? lead : indent) + line.map((w) => w.text).join(' '))
    .join('\n');
}

/** Aligned columns when they fit; otherwise each row as `header: cell` pairs, empty cells left out. */
function table(node: Table, width: number): string {
  const rows = node.children.map((row) => row.children.map((cell) => inline(cell.children).trim()));
  const [header = [], ...body] = rows;
  const widths = header.map((_, i) => Math.max(...rows.map((r) => columns(r[i] ?? ''))));
  const total = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  if (total <= (width === Infinity ? DEFAULT_TABLE_WIDTH : width)) {
    const line = (cells: string[]): string =>
      cells
        .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - columns(c)))
        .join('  ')
        .trimEnd();
    return [line(header), ...body.map(line)].join('\n');
  }
  return body
    .map((cells) => {
      const pairs = cells.flatMap((c, i) => (c === '' ? [] : [`${header[i] ?? ''}: ${c}`]));
      return wrap(pairs.join('; '), '- ', '  ', width);
    })
    .join('\n');
}
