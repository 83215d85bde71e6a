import type { Nodes, Definition } from 'mdast';
import type { Recovery } from '../../model.js';

/** A link found in Markdown, with its prepared-text line (mapped to the source by the caller). */
export interface FoundLink {
  text: string;
  url: string;
  preparedLine: number;
  column: number;
}

/** The reader's view of a run of inline content. */
export interface InlineText {
  /** Text as read, link texts included. */
  text: string;
  /** Text with link texts left out: what remains is what the author wrote around the links. */
  prose: string;
  links: FoundLink[];
}

/** What every inline read needs: reference definitions, a line map, a place for repairs. */
export interface InlineScope {
  definitions: ReadonlyMap<string, Definition>;
  toSourceLine(preparedLine: number): number;
  recoveries: Recovery[];
}

// Without GFM's autolink-literal extension, bare URLs stay text: they are found here instead.
const BARE_URL = /(?:https?:\/\/|www\.)[^\s<>()[\]"'`]+[^\s<>()[\]"'`.,;:!?]/g;
// `vendor.com/gdpr` or `www.vendor.com` in a link target: a domain without its scheme.
const SCHEMELESS =
  /^(?:www\.[^\s/]+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?!html?\b|md\b|pdf\b|php\b|aspx?\b|txt\b)[a-z]{2,}\/)\S*$/i;

/** A link target without a scheme is relative to CommonMark; a reader sees the vendor's domain. */
function recoverUrl(url: string, node: Nodes, scope: InlineScope): string {
  const start = node.position?.start;
  const end = node.position?.end;
  if (!SCHEMELESS.test(url) || !start || !end) return url;
  scope.recoveries.push({
    span: {
      line: scope.toSourceLine(start.line),
      column: start.column,
      endLine: scope.toSourceLine(end.line),
      endColumn: end.column,
    },
    message: `Read "${url}" as https://${url}; write the full https:// URL so it is a link everywhere`,
  });
  return `https://${url}`;
}

interface Collector {
  text: string[];
  prose: string[];
  links: FoundLink[];
}

function visit(node: Nodes, scope: InlineScope, out: Collector, inLink: boolean): void {
  switch (node.type) {
    case 'text':
    case 'inlineCode': {
      out.text.push(node.value);
      if (!inLink) out.prose.push(node.value);
      if (!inLink && node.type === 'text') collectBareUrls(node, scope, out);
      return;
    }
    case 'break':
      out.text.push(' ');
      out.prose.push(' ');
      return;
    case 'link':
    case 'linkReference': {
      const url = node.type === 'link' ? node.url : scope.definitions.get(node.identifier)?.url;
      const start = node.position?.start;
      const inner: Collector = { text: [], prose: [], links: [] };
      for (const child of node.children) visit(child, scope, inner, true);
      const text = inner.text.join('').trim();
      out.text.push(inner.text.join(''));
      if (url && start) {
        const fixed = recoverUrl(url, node, scope);
        out.links.push({ text, url: fixed, preparedLine: start.line, column: start.column });
      }
      return;
    }
    default:
      if ('children' in node)
        for (const child of node.children) visit(child as Nodes, scope, out, inLink);
  }
}

function collectBareUrls(
  node: Extract<Nodes, { type: 'text' }>,
  scope: InlineScope,
  out: Collector,
): void {
  const start = node.position?.start;
  if (!start) return;
  for (const match of node.value.matchAll(BARE_URL)) {
    const before = node.value.slice(0, match.index);
    const lineOffset = before.split('\n').length - 1;
    const line = start.line + lineOffset;
    const column =
      lineOffset === 0 ? start.column + match.index : match.index - before.lastIndexOf('\n');
    // GFM renders a bare `www.` address as a link already: nothing was broken, so no notice.
    const url = match[0].startsWith('www.') ? `https://${match[0]}` : match[0];
    out.links.push({ text: match[0], url, preparedLine: line, column });
  }
}

/** Reads inline content as a person would: text, the prose around links, and every link. */
export function readInline(nodes: readonly Nodes[], scope: InlineScope): InlineText {
  const out: Collector = { text: [], prose: [], links: [] };
  for (const node of nodes) visit(node, scope, out, false);
  const tidy = (parts: string[]): string => parts.join('').replace(/\s+/g, ' ').trim();
  // A link taken out of "… on Loomio. [Privacy Policy](…)." leaves its full stop behind.
  // An open question (TODO … to the end of its line) is not part of what the author states.
  const prose = tidy([out.prose.join('').replace(/\b(?:TODO|FIXME|TBD|XXX)\b[^\n]*/g, '')])
    .replace(/\s+([.,;:!?])/g, '$1')
    .replace(/([.!?])[.,;:]+/g, '$1');
  return { text: tidy(out.text), prose, links: out.links };
}
