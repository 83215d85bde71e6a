import type { Link, PhrasingContent, Table, TableCell, TableRow, Text } from 'mdast';
import { DomUtils, parseDocument } from 'htmlparser2';

/**
 * HTML tables (raw HTML in a Markdown page, or a whole `.html` page) as the reader's own table
 * nodes, so they are read by the same column logic as a GFM table. Parsed by htmlparser2, a
 * maintained, forgiving parser that keeps source offsets: every cell keeps its true line.
 */
type Node = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<Node, { name: string; attribs: Record<string, string> }>;

export interface HtmlTable {
  table: Table;
  /** The text of the nearest heading (`<h1>`…`<h6>`) before the table, if any. */
  heading: string | null;
}

/** Where the HTML starts in the text the positions are for (1-based line and column). */
export interface HtmlOrigin {
  line: number;
  column: number;
}

const isElement = (node: Node | null | undefined): node is Element =>
  node !== null && node !== undefined && 'attribs' in node;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], index: number, origin: HtmlOrigin) {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= index) low = mid;
    else high = mid - 1;
  }
  const column = index - starts[low]! + 1;
  return {
    line: origin.line + low,
    column: low === 0 ? origin.column + column - 1 : column,
    offset: index,
  };
}

const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The cells of a row: `th` and `td` children, wherever the row sits (`thead`, `tbody`). */
function rowsOf(table: Element): Element[] {
  return DomUtils.findAll(
    (el) => el.name === 'tr' && DomUtils.findAll((t) => t.name === 'table', [el]).length === 0,
    table.children,
  ).filter((row) => {
    // A row of a table nested in a cell belongs to that table.
    let parent = row.parent;
    while (parent && isElement(parent as Node) && (parent as Element).name !== 'table')
      parent = parent.parent;
    return parent === table;
  });
}

export function htmlTables(html: string, origin: HtmlOrigin = { line: 1, column: 1 }): HtmlTable[] {
  if (!/<table\b/i.test(html)) return [];
  const document = parseDocument(html, { withStartIndices: true, withEndIndices: true });
  const starts = lineStarts(html);
  const at = (node: { startIndex: number | null; endIndex: number | null }) => ({
    start: positionAt(starts, node.startIndex ?? 0, origin),
    end: positionAt(starts, (node.endIndex ?? node.startIndex ?? 0) + 1, origin),
  });
  const phrasing = (cell: Element): PhrasingContent[] => {
    const parts: PhrasingContent[] = [];
    const text = squash(DomUtils.textContent(cell));
    const links = DomUtils.findAll(
      (el) => el.name === 'a' && Boolean(el.attribs.href),
      cell.children,
    );
    if (links.length === 0) {
      if (text) parts.push({ type: 'text', value: text, position: at(cell) } satisfies Text);
      return parts;
    }
    // The cell's text, then each link as a link node (the reader takes links from nodes).
    const linkTexts = new Set(links.map((l) => squash(DomUtils.textContent(l))));
    const rest = squash([...linkTexts].reduce((t, linkText) => t.replace(linkText, ' '), text));
    if (rest) parts.push({ type: 'text', value: `${rest} `, position: at(cell) } satisfies Text);
    for (const link of links)
      parts.push({
        type: 'link',
        url: link.attribs.href!,
        children: [{ type: 'text', value: squash(DomUtils.textContent(link)), position: at(link) }],
        position: at(link),
      } satisfies Link);
    return parts;
  };
  const headings = DomUtils.findAll((el) => /^h[1-6]$/.test(el.name), document.children);
  return DomUtils.findAll((el) => el.name === 'table', document.children).map((element) => {
    const rows: TableRow[] = rowsOf(element).map((row) => ({
      type: 'tableRow',
      position: at(row),
      children: row.children
        .filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'))
        .map((cell): TableCell => ({
          type: 'tableCell',
          position: at(cell),
          children: phrasing(cell),
        })),
    }));
    const before = headings.filter((h) => (h.startIndex ?? 0) < (element.startIndex ?? 0)).at(-1);
    return {
      table: {
        type: 'table',
        position: at(element),
        children: rows.filter((r) => r.children.length > 0),
      },
      heading: before ? squash(DomUtils.textContent(before)) : null,
    };
  });
}
