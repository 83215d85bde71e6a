import type { Heading, Nodes, Paragraph, Root, RootContent, Strong } from 'mdast';
import type { ThirdParty } from '../../model.js';
import { headingLocation, headingPurpose, mentionsVendors, type GroupContext } from './context.js';
import { makeThirdParty, type Scope } from './entry.js';
import { readInline } from './inline.js';
import { locationStatement } from './location-statement.js';
import { cleanName, isVendorHeadingText } from './names.js';
import { purposeFromProse } from './purpose.js';
import { fieldOfLabel, readFieldLines } from './field-lines.js';
import { isOnlyCategoryWords } from './category-first.js';
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
  const entries: ThirdParty[] = [];
  for (const section of sectionsOf(root)) {
    const text = headingText(section.heading, scope);
    const name = cleanName(text);
    const announced =
      pageAnnouncesVendors || section.enclosing.some((h) => mentionsVendors(headingText(h, scope)));
    if (!section.leaf || !announced || section.body.length === 0) continue;
    if (section.body.some((n) => claimed.has(n))) continue;
    // "## Payment processing" then "… our payment processor **Stripe** …": the section is a
    // category, and the vendors are the names its prose sets in bold.
    const bold = boldNamesIn(section.body, scope);
    if (bold.length > 0) {
      for (const found of bold) entries.push(boldEntry(found, section, text, scope));
      continue;
    }
    // "## Authentication" names a kind of service, not a vendor.
    if (!isVendorHeadingText(name) || isOnlyCategoryWords(name)) continue;
    const parent = section.enclosing[section.enclosing.length - 1] ?? null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), { section, name }]);
  }
  for (const [parent, candidates] of byParent) {
    if (candidates.length < 2) continue;
    const parentText = parent ? headingText(parent, scope) : '';
    for (const { section, name } of candidates)
      entries.push(sectionEntry(section, name, parentText, scope));
  }
  return entries;
}

interface BoldName {
  name: string;
  node: Strong;
  paragraph: Paragraph;
}

/**
 * Names set in bold in the middle of a section's sentences ("our payment processor **Stripe**"):
 * a bold word that starts a sentence ("**Note** that", "**Important:**") is emphasis or a label.
 */
function boldNamesIn(body: readonly RootContent[], scope: Scope): BoldName[] {
  const found: BoldName[] = [];
  for (const node of body) {
    if (node.type !== 'paragraph') continue;
    node.children.forEach((child, i) => {
      if (child.type !== 'strong') return;
      const before = node.children[i - 1];
      const midSentence =
        before !== undefined && !(before.type === 'text' && /(^|[.!?:])\s*$/.test(before.value));
      const raw = readInline(child.children, scope).text.trim();
      const name = cleanName(raw);
      if (!midSentence || /[:：]$/.test(raw) || name.split(/\s+/).length > 4) return;
      // "page2images", "iCloud": a lower-case name shows itself by a digit or an inner capital.
      if (!/^[\p{Lu}\p{N}]/u.test(name) && !/^\S*(?:\p{N}|\p{Ll}\p{Lu})\S*$/u.test(name)) return;
      if (!isVendorHeadingText(name) || fieldOfLabel(name) || isOnlyCategoryWords(name)) return;
      found.push({ name, node: child, paragraph: node });
    });
  }
  return found;
}

function throughSentenceNaming(prose: string, name: string): string {
  const sentences = prose.split(/(?<=[.!?])\s+/);
  const at = sentences.findIndex((sentence) => sentence.includes(name));
  return at < 0 ? prose : sentences.slice(0, at + 1).join(' ');
}

function boldEntry(
  found: BoldName,
  section: Section,
  headingText: string,
  scope: Scope,
): ThirdParty {
  const read = readInline([found.paragraph], scope);
  const group: GroupContext = {
    vendors: 'near',
    location: null,
    purpose: headingPurpose(headingText),
  };
  const span = scope.span(found.node);
  return makeThirdParty(
    {
      name: found.name,
      nameSpan: span,
      endLine: scope.span(found.paragraph).endLine,
      shape: 'heading',
      // The paragraph up to the sentence that names the vendor: "We use a CDN to serve static
      // assets. Currently we are using KeyCDN for this."
      purpose: purposeFromProse([throughSentenceNaming(read.prose, found.name)]),
      location: locationStatement(read.prose),
      links: read.links,
    },
    group,
    scope,
  );
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
