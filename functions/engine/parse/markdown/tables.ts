import type { Table, TableRow } from 'mdast';
import type { ThirdParty } from '../../model.js';
import { assignColumns, normaliseHeader, type Field } from '../../extract/field-synonyms.js';
import { recogniseCountries } from '../../extract/countries.js';
import type { GroupContext } from './context.js';
import { makeThirdParty, type Scope } from './entry.js';
import { readInline, type InlineText } from './inline.js';
import { splitNames } from './names.js';
import { isNotACompany } from './category-first.js';

// Cookie tables have Name and Purpose columns too; their rows are cookies, not vendors.
const NOT_VENDORS = /cookie|expir|duration|retention|lifetime|max[- ]?age|storage period/i;
// A bare "Name" column needs the page to announce vendors; these need nothing more.
const STRONG_NAME =
  /\b(entity|vendor|sub-?processor|sub-?contractor|provider|third part|company|processor|partner|supplier|organi[sz]ation|recipient|affiliate)/;

/** Joins rows that a scrape broke in two: "Name |" then "purpose | location |". */
function mergeSpilledRows(rows: TableRow[], width: number): TableRow[][] {
  const merged: TableRow[][] = [];
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i] as TableRow;
    const next = rows[i + 1];
    if (
      next &&
      row.children.length < width &&
      row.children.length + next.children.length === width
    ) {
      merged.push([row, next]);
      i += 1;
    } else merged.push([row]);
  }
  return merged;
}

function cellsOf(rows: TableRow[], scope: Scope): InlineText[] {
  return rows.flatMap((row) => row.children.map((cell) => readInline(cell.children, scope)));
}

function isVendorTable(headers: string[], columns: (Field | null)[], group: GroupContext): boolean {
  if (headers.some((h) => NOT_VENDORS.test(h))) return false;
  const nameHeader = headers[columns.indexOf('name')];
  if (nameHeader === undefined) return false;
  const others = columns.filter((c) => c !== null && c !== 'name').length;
  const strong = STRONG_NAME.test(normaliseHeader(nameHeader));
  return strong ? others > 0 || group.vendors !== null : others > 0 && group.vendors !== null;
}

/** Third parties from a GFM table whose columns name vendors, in any order and naming. */
export function tableEntries(table: Table, group: GroupContext, scope: Scope): ThirdParty[] {
  const [head, ...body] = table.children;
  if (!head) return [];
  const headers = head.children.map((cell) => readInline(cell.children, scope).text);
  const columns = assignColumns(headers);
  if (!isVendorTable(headers, columns, group)) return [];
  const entries: ThirdParty[] = [];
  for (const rows of mergeSpilledRows(body, headers.length)) {
    const cells = cellsOf(rows, scope);
    const field = (f: Field): string | null => cells[columns.indexOf(f)]?.text || null;
    const nameText = field('name');
    if (!nameText || /^:?-+:?$/.test(nameText)) continue;
    const locationText = field('location');
    const first = rows[0] as TableRow;
    const nameCell = first.children[columns.indexOf('name')] ?? first;
    const last = rows[rows.length - 1] as TableRow;
    for (const name of splitNames(nameText)) {
      // A placeholder row ("[Hosting provider — TBD]") is a gap in the list, not a vendor.
      if (isNotACompany(name)) continue;
      const draft = {
        name,
        nameSpan: scope.span(nameCell),
        endLine: scope.span(last).endLine,
        shape: 'table' as const,
        purpose: field('purpose'),
        location: locationText
          ? { text: locationText, countries: recogniseCountries(locationText) }
          : null,
        links: cells.flatMap((c) => c.links),
        fields: {
          transfer: field('transfer'),
          effective: field('effective'),
          lastReviewed: field('lastReviewed'),
        },
      };
      entries.push(makeThirdParty(draft, group, scope));
    }
  }
  return entries;
}
