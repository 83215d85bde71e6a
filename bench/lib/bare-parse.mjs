#!/usr/bin/env node
/**
 * The naive floor: read every Markdown file under the given paths and parse it with
 * unified + remark-parse, nothing else (no rules, no output). Run as a child process by run.mjs.
 *
 * Usage: node bench/lib/bare-parse.mjs <gfm|commonmark> <file-or-dir>...
 *   gfm         remark-parse plus GFM tables only (micromark-extension-gfm-table +
 *               mdast-util-gfm-table), since remark-gfm is not a dependency
 *   commonmark  plain remark-parse, for reference
 */
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * unified plugin: GFM tables only, wired the way remark-gfm wires its extensions.
 * @this {import('unified').Processor}
 */
function remarkGfmTables() {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmTable());
  (data.fromMarkdownExtensions ??= []).push(gfmTableFromMarkdown());
}

/**
 * @param {string} target
 * @returns {string[]} Markdown files, sorted
 */
function listMarkdown(target) {
  if (!fs.statSync(target).isDirectory()) return [target];
  return fs
    .readdirSync(target, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join(target, name));
}

const [mode, ...targets] = process.argv.slice(2);
if (!['gfm', 'commonmark'].includes(mode) || targets.length === 0) {
  console.error('usage: bare-parse.mjs <gfm|commonmark> <file-or-dir>...');
  process.exit(2);
}
const processor =
  mode === 'gfm' ? unified().use(remarkParse).use(remarkGfmTables) : unified().use(remarkParse);

let files = 0;
let bytes = 0;
let nodes = 0;
let tables = 0;
for (const file of targets.flatMap(listMarkdown)) {
  const text = fs.readFileSync(file, 'utf8');
  const tree = processor.parse(text);
  files++;
  bytes += text.length;
  nodes += tree.children.length;
  tables += tree.children.filter((node) => node.type === 'table').length;
}
console.log(JSON.stringify({ mode, files, chars: bytes, topLevelNodes: nodes, tables }));
