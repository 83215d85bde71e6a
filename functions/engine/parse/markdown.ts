import type { Definition, Heading, Nodes, Paragraph, RootContent } from 'mdast';
import type { FileProblem, PolicyDocument, Recovery, SourceFile, ThirdParty } from '../model.js';
import { splitLines } from '../extract/lines.js';
import { findTodos } from '../extract/todos.js';
import { findSuppressions } from '../extract/suppressions.js';
import { prepareMarkdown } from './markdown/preprocess.js';
import { parseMarkdownTree } from './markdown/parse-tree.js';
import {
  headingLocation,
  headingPurpose,
  leadInLocation,
  mentionsVendors,
  type GroupContext,
} from './markdown/context.js';
import { spanOf, type Scope } from './markdown/entry.js';
import { readInline } from './markdown/inline.js';
import { tableEntries } from './markdown/tables.js';
import { htmlTables } from './markdown/html-tables.js';
import { listEntries } from './markdown/lists.js';
import { headingEntries } from './markdown/headings.js';
import { MAX_MARKDOWN_NESTING, markdownTooDeepAt } from './markdown/nesting.js';

function definitionsOf(children: readonly Nodes[]): Map<string, Definition> {
  const found = new Map<string, Definition>();
  const walk = (node: Nodes): void => {
    if (node.type === 'definition') found.set(node.identifier, node);
    else if ('children' in node) for (const c of node.children) walk(c as Nodes);
  };
  children.forEach(walk);
  return found;
}

function groupFor(headings: readonly string[], leadIn: string | null, page: boolean): GroupContext {
  const nearest = headings[headings.length - 1] ?? '';
  const near = (leadIn !== null && mentionsVendors(leadIn)) || mentionsVendors(nearest);
  const far = page || headings.some(mentionsVendors);
  return {
    vendors: near ? 'near' : far ? 'far' : null,
    location:
      (leadIn ? leadInLocation(leadIn) : null) ??
      [...headings].reverse().map(headingLocation).find(Boolean) ??
      null,
    purpose: headingPurpose(nearest),
  };
}

/** The source lines of a group: its nearest heading and its lead-in paragraph. */
function groupLines(
  heading: { line: number } | undefined,
  leadIn: RootContent | undefined,
  scope: Scope,
): { line: number; text: string }[] {
  const at = (line: number) => ({ line, text: scope.sourceLines[line - 1] ?? '' });
  const lines = heading ? [at(heading.line)] : [];
  if (leadIn) {
    const span = scope.span(leadIn);
    for (let line = span.line; line <= span.endLine; line += 1) lines.push(at(line));
  }
  return lines;
}

/** A file the reader could not take apart: no third parties, its TODOs still found. */
function unreadDocument(source: SourceFile, lines: string[], problem: FileProblem): PolicyDocument {
  return markdownDocument(source, lines, [], [], [problem]);
}

/** The document a read gives: its entries, and the TODOs and suppressions of its lines. */
function markdownDocument(
  source: SourceFile,
  lines: string[],
  thirdParties: ThirdParty[],
  recoveries: Recovery[],
  problems: FileProblem[],
): PolicyDocument {
  return {
    path: source.path,
    format: 'markdown',
    lineCount: lines.length,
    lines,
    thirdParties,
    todos: findTodos(lines),
    recoveries,
    suppressions: findSuppressions(lines),
    problems,
    structured: null,
  };
}

/**
 * Reads a Markdown policy file: third parties with their lines, TODOs, repairs, suppressions.
 * Never throws: a text that nests too deeply is refused before parsing (see nesting.ts), and
 * anything the parser still throws becomes a problem, as for YAML and JSON.
 */
export function parseMarkdownPolicy(source: SourceFile): PolicyDocument {
  const lines = splitLines(source.text);
  const refuse = (line: number, message: string): PolicyDocument =>
    unreadDocument(source, lines, {
      ruleId: 'file-unreadable',
      severity: 'error',
      message,
      span: { line, column: 1, endLine: line, endColumn: (lines[line - 1]?.length ?? 0) + 1 },
    });
  const deep = markdownTooDeepAt(lines);
  if (deep !== null)
    return refuse(
      deep,
      `Markdown nests more than ${MAX_MARKDOWN_NESTING} levels deep on line ${deep} (quotes, lists, brackets or emphasis inside each other), which no policy page needs; flatten it so the file can be checked. Until then none of its third parties are checked`,
    );
  try {
    return /\.html?$/i.test(source.path)
      ? readHtmlPage(source, lines)
      : readMarkdown(source, lines);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(
      1,
      `Markdown file could not be read (${reason}); simplify its structure (less nesting) so it can be checked`,
    );
  }
}

function readMarkdown(source: SourceFile, lines: string[]): PolicyDocument {
  const prepared = prepareMarkdown(source.text);
  const tree = parseMarkdownTree(prepared.text);
  const recoveries: Recovery[] = [...prepared.recoveries];
  const toSourceLine = (line: number): number => prepared.lineMap[line - 1] || line;
  const scope: Scope = {
    definitions: definitionsOf(tree.children),
    toSourceLine,
    recoveries,
    span: (node) => spanOf(node, toSourceLine),
    sourceLines: lines,
  };
  const page =
    mentionsVendors(source.path.split('/').pop() ?? '') || mentionsVendors(prepared.title ?? '');
  const stack: { depth: number; text: string; line: number }[] = [];
  const claimed = new Set<Nodes>();
  const thirdParties: ThirdParty[] = [];
  let previous: RootContent | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const heading = node as Heading;
      while (stack.length > 0 && (stack[stack.length - 1]?.depth ?? 0) >= heading.depth)
        stack.pop();
      stack.push({
        depth: heading.depth,
        text: readInline(heading.children, scope).text,
        line: scope.span(heading).line,
      });
    } else if (node.type === 'html') {
      // Raw HTML in the page: its tables are read as the page's own (html-tables.ts).
      const origin = node.position?.start ?? { line: 1, column: 1 };
      for (const found of htmlTables(node.value, origin)) {
        const headings = [...stack.map((h) => h.text), ...(found.heading ? [found.heading] : [])];
        const group = groupFor(headings, null, page);
        group.lines = groupLines(stack[stack.length - 1], undefined, scope);
        thirdParties.push(...tableEntries(found.table, group, scope));
      }
    } else if (node.type === 'table' || node.type === 'list') {
      const leadIn =
        previous?.type === 'paragraph'
          ? readInline((previous as Paragraph).children, scope).text
          : null;
      const group = groupFor(
        stack.map((h) => h.text),
        leadIn,
        page,
      );
      group.lines = groupLines(stack[stack.length - 1], leadIn ? previous : undefined, scope);
      const found =
        node.type === 'table' ? tableEntries(node, group, scope) : listEntries(node, group, scope);
      if (found.length > 0) claimed.add(node);
      thirdParties.push(...found);
    }
    previous = node;
  }
  thirdParties.push(...headingEntries(tree, claimed, page, scope));
  thirdParties.sort((a, b) => a.line - b.line || a.position.column - b.position.column);
  return markdownDocument(source, lines, thirdParties, dedupeRecoveries(recoveries), []);
}

/**
 * A whole HTML page: its tables are its entries, read like a Markdown page's; its text is
 * never read as Markdown, where markup would turn into invented entries.
 */
function readHtmlPage(source: SourceFile, lines: string[]): PolicyDocument {
  const recoveries: Recovery[] = [];
  const scope: Scope = {
    definitions: new Map(),
    toSourceLine: (line) => line,
    recoveries,
    span: (node) => spanOf(node, (line) => line),
    sourceLines: lines,
  };
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(source.text)?.[1] ?? '';
  const page = mentionsVendors(source.path.split('/').pop() ?? '') || mentionsVendors(title);
  const thirdParties = htmlTables(source.text).flatMap((found) =>
    tableEntries(found.table, groupFor(found.heading ? [found.heading] : [], null, page), scope),
  );
  return markdownDocument(source, lines, thirdParties, recoveries, []);
}

/** A link read twice (as an entry's and as its section's) is repaired once. */
function dedupeRecoveries(recoveries: Recovery[]): Recovery[] {
  const seen = new Set<string>();
  return recoveries.filter((r) => {
    const key = `${r.span.line}:${r.span.column}:${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
