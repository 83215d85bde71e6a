import type { Nodes, Root, RootContent } from 'mdast';
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';

/**
 * GFM tables and nothing else of GFM: autolink literals cost most of GFM's parse time, and
 * bare URLs are found in text nodes instead (see inline.ts).
 */
function remarkGfmTables(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

const withTables = unified().use(remarkParse).use(remarkGfmTables).freeze();
const withoutTables = unified().use(remarkParse).freeze();

// A GFM table is a non-blank header row then a delimiter row: only -, :, | and spaces, with a
// dash (in > quotes too). Neither row needs a pipe: "a\n:-:" is a one-column table.
const DELIMITER_LIKE = /^[ \t>]*[|: \t]*-[-:| \t]*$/gm;

/** True when some delimiter-like line follows a non-blank line: only then can a table exist. */
function mayHoldTable(text: string): boolean {
  DELIMITER_LIKE.lastIndex = 0;
  for (const match of text.matchAll(DELIMITER_LIKE)) {
    const before = text.lastIndexOf('\n', match.index - 2);
    if (match.index > 0 && text.slice(before + 1, match.index - 1).trim() !== '') return true;
  }
  return false;
}

/**
 * The table extension costs half again as much as CommonMark on every document; a text with no
 * header-and-delimiter pair cannot hold a table, so it is parsed without the extension.
 */
function parseOne(text: string): Root {
  return (mayHoldTable(text) ? withTables : withoutTables).parse(text);
}

/** Documents larger than this are parsed in parts (see `chunksOf`). */
export const CHUNK_SIZE = 32 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]|$)/;

/** A part of a document: its text, its first line, and whether it ends inside a code fence. */
export interface Chunk {
  text: string;
  line: number;
  openFence: boolean;
}

/**
 * Splits a large document where a top-level ATX heading follows a blank line outside a code
 * fence: such a heading closes every open block, so the parts parse exactly as the whole does.
 * micromark's resolvers (the table extension's edit map among them) cost more than linear time
 * in the size of one document, so a 1 MB page parsed whole takes several times longer per byte.
 */
export function chunksOf(text: string, size = CHUNK_SIZE): Chunk[] {
  if (text.length <= size) return [{ text, line: 1, openFence: false }];
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  let start = 0;
  let length = 0;
  let fence: string | null = null;
  lines.forEach((line, i) => {
    const run = FENCE.exec(line)?.[1];
    // A fence closes with the same character, at least as long as it opened.
    if (run && fence === null) fence = run;
    else if (run && fence !== null && run[0] === fence[0] && run.length >= fence.length)
      fence = null;
    const boundary = fence === null && i > start && lines[i - 1] === '' && ATX_HEADING.test(line);
    if (boundary && length >= size) {
      chunks.push({ text: lines.slice(start, i).join('\n'), line: start + 1, openFence: false });
      start = i;
      length = 0;
    }
    length += line.length + 1;
  });
  chunks.push({ text: lines.slice(start).join('\n'), line: start + 1, openFence: fence !== null });
  return chunks;
}

function shift(node: Nodes, lines: number, offset: number): void {
  const position = node.position;
  if (position) {
    position.start = {
      ...position.start,
      line: position.start.line + lines,
      offset: (position.start.offset ?? 0) + offset,
    };
    position.end = {
      ...position.end,
      line: position.end.line + lines,
      offset: (position.end.offset ?? 0) + offset,
    };
  }
  if ('children' in node) for (const child of node.children) shift(child as Nodes, lines, offset);
}

function definitionsIn(tree: Root, text: string): string[] {
  return tree.children
    .filter((n) => n.type === 'definition')
    .map((n) => text.slice(n.position?.start.offset ?? 0, n.position?.end.offset ?? 0));
}

/** The mdast tree of a prepared Markdown text, with positions. */
export function parseMarkdownTree(text: string, chunkSize = CHUNK_SIZE): Root {
  const chunks = chunksOf(text, chunkSize);
  if (chunks.length === 1) return parseOne(text);
  let trees = chunks.map((chunk) => parseOne(chunk.text));
  // A reference resolves against definitions anywhere in the document: when there are any,
  // each part is parsed again with all of them (as micromark found them) appended.
  const definitions = trees.flatMap((tree, i) => definitionsIn(tree, chunks[i]?.text ?? ''));
  if (definitions.length > 0) {
    const appendix = `\n\n${definitions.join('\n')}\n`;
    trees = chunks.map((chunk) => parseOne(chunk.openFence ? chunk.text : chunk.text + appendix));
  }
  const children: RootContent[] = [];
  let offset = 0;
  chunks.forEach((chunk, i) => {
    const own = (trees[i]?.children ?? []).filter(
      (n) => (n.position?.start.offset ?? 0) < chunk.text.length,
    );
    for (const node of own) shift(node, chunk.line - 1, offset);
    children.push(...own);
    offset += chunk.text.length + 1;
  });
  const end = { line: text.split('\n').length, column: 1, offset: text.length };
  return { type: 'root', children, position: { start: { line: 1, column: 1, offset: 0 }, end } };
}
