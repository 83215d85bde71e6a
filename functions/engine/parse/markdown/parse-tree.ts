import type { Root } from 'mdast';
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

const processor = unified().use(remarkParse).use(remarkGfmTables).freeze();

/** The mdast tree of a prepared Markdown text, with positions. */
export function parseMarkdownTree(text: string): Root {
  return processor.parse(text);
}
