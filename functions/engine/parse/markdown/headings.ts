import type { Heading, Nodes, Root, RootContent } from 'mdast';
import type { ThirdParty } from '../../model.js';
import { headingLocation, headingPurpose, mentionsVendors, type GroupContext } from './context.js';
import { makeThirdParty, type Scope } from './entry.js';
import { readInline } from './inline.js';
import { locationStatement } from './location-statement.js';
import { cleanName, isVendorHeadingText } from './names.js';
import { purposeFromProse } from './purpose.js';
import { readFieldLines } from './field-lines.js';
import { recogniseCountries } from '../../extract/countries.js';

interface Section {
  heading: Heading;
  index: number;
  body: RootContent[];
  enclosing: Heading[];
  leaf: boolean;
}

// Every section asks for its enclosing headings' text: read each heading once per parse.
const texts = new WeakMap<Heading, string>();

function headingText(heading: Heading, scope: Scope): string {
  let text = texts.get(heading);
  if (text === undefined) texts.set(heading, (text = readInline(heading.children, scope).text));
  return text;
}

function sectionsOf(root: Root): Section[] {
  const sections: Section[] = [];
  const stack: Heading[] = [];
  root.children.forEach((node, index) => {
    if (node.type !== 'heading') return;
    while (stack.length > 0 && (stack[stack.length - 1] as Heading).depth >= node.depth)
      stack.pop();
    let end = index + 1;
    let leaf = true;
    while (end < root.children.length) {
      const next = root.children[end] as RootContent;
      if (next.type === 'heading') {
        if (next.depth <= node.depth) break;
        leaf = false;
      }
      end += 1;
    }
    sections.push({
      heading: node,
      index,
      body: root.children.slice(index + 1, end),
      enclosing: [...stack],
      leaf,
    });
    stack.push(node);
  });
  return sections;
}

function paragraphsIn(nodes: readonly Nodes[], includeQuotes: boolean): Nodes[] {
  const found: Nodes[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'paragraph' || node.type === 'tableCell') found.push(node);
    else if (node.type === 'blockquote' && !includeQuotes) return;
    else if ('children' in node) for (const c of node.children) walk(c as Nodes);
  };
  nodes.forEach(walk);
  return found;
}

/**
 * Third parties written one heading per vendor: leaf headings that read as names, under a
 * heading (or page) that announces vendors, at least two of them side by side.
 */
export function headingEntries(
  root: Root,
  claimed: ReadonlySet<Nodes>,
  pageAnnouncesVendors: boolean,
  scope: Scope,
): ThirdParty[] {
  const byParent = new Map<Heading | null, { section: Section; name: string }[]>();
  for (const section of sectionsOf(root)) {
    const text = headingText(section.heading, scope);
    const name = cleanName(text);
    const announced =
      pageAnnouncesVendors || section.enclosing.some((h) => mentionsVendors(headingText(h, scope)));
    if (!section.leaf || !announced || section.body.length === 0) continue;
    if (!isVendorHeadingText(name) || section.body.some((n) => claimed.has(n))) continue;
    const parent = section.enclosing[section.enclosing.length - 1] ?? null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), { section, name }]);
  }
  const entries: ThirdParty[] = [];
  for (const [parent, candidates] of byParent) {
    if (candidates.length < 2) continue;
    const parentText = parent ? headingText(parent, scope) : '';
    for (const { section, name } of candidates)
      entries.push(sectionEntry(section, name, parentText, scope));
  }
  return entries;
}

function sectionEntry(
  section: Section,
  name: string,
  parentText: string,
  scope: Scope,
): ThirdParty {
  const prose = paragraphsIn(section.body, false).map((p) => readInline([p], scope).prose);
  const all = [section.heading, ...paragraphsIn(section.body, true)].map((p) =>
    readInline([p], scope),
  );
  const last = section.body[section.body.length - 1] ?? section.heading;
  const group: GroupContext = {
    vendors: 'far',
    location:
      section.enclosing.map((h) => headingLocation(headingText(h, scope))).find(Boolean) ?? null,
    purpose: headingPurpose(parentText),
  };
  const nameSpan = scope.span(section.heading);
  const endLine = scope.span(last).endLine;
  const labelled = readFieldLines(scope.sourceLines.slice(nameSpan.line, endLine));
  const draft = {
    name,
    nameSpan,
    endLine,
    shape: 'heading' as const,
    purpose: labelled.purpose ?? purposeFromProse(prose),
    location: labelled.location
      ? { text: labelled.location, countries: recogniseCountries(labelled.location) }
      : locationStatement(prose.join(' ')),
    links: all.flatMap((r) => r.links),
    fields: {
      transfer: labelled.transfer,
      effective: labelled.effective,
      lastReviewed: labelled.lastReviewed,
    },
  };
  return makeThirdParty(draft, group, scope);
}
