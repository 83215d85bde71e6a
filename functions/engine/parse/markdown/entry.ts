import type { Node } from 'mdast';
import type { FieldOrigin, Span, ThirdParty } from '../../model.js';
import { chooseGdprLink } from '../../extract/gdpr-link.js';
import type { GroupContext, GroupLocation } from './context.js';
import type { FoundLink, InlineScope } from './inline.js';

/** The inline scope plus source spans for nodes. */
export interface Scope extends InlineScope {
  span(node: Node): Span;
  /** The source lines, for readers that work on lines (labelled fields). */
  sourceLines: readonly string[];
}

/** What an extractor found for one entry, before its fields are settled. */
export interface EntryDraft {
  name: string;
  nameSpan: Span;
  endLine: number;
  shape: ThirdParty['shape'];
  purpose: string | null;
  location: GroupLocation | null;
  links: FoundLink[];
  /** Dated and transfer fields, when a column or labelled line gives them. */
  fields?: Partial<Record<'transfer' | 'effective' | 'lastReviewed', string | null>>;
}

/** Maps a node's prepared-text position back to the source. */
export function spanOf(node: Node, toSourceLine: (line: number) => number): Span {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const end = node.position?.end ?? start;
  return {
    line: toSourceLine(start.line),
    column: start.column,
    endLine: toSourceLine(end.line),
    endColumn: end.column,
  };
}

/** Settles an entry: own fields win, the group fills the gaps, and the GDPR link is judged. */
export function makeThirdParty(draft: EntryDraft, group: GroupContext, scope: Scope): ThirdParty {
  const origins: Partial<Record<'purpose' | 'location', FieldOrigin>> = {};
  let purpose = draft.purpose;
  if (purpose) origins.purpose = 'entry';
  else if (group.purpose) [purpose, origins.purpose] = [group.purpose, 'group'];
  let location = draft.location;
  if (location) origins.location = 'entry';
  else if (group.location) [location, origins.location] = [group.location, 'group'];
  const links = draft.links.map((l) => ({
    text: l.text,
    url: l.url,
    line: scope.toSourceLine(l.preparedLine),
  }));
  const verdict = chooseGdprLink(links);
  return {
    name: draft.name,
    position: draft.nameSpan,
    line: draft.nameSpan.line,
    endLine: Math.max(draft.endLine, draft.nameSpan.line),
    purpose,
    location: location?.text ?? null,
    countries: location?.countries ?? [],
    gdprLink: verdict.url,
    gdprLinkFoundInstead: verdict.foundInstead,
    links,
    shape: draft.shape,
    origins,
    ...(group.lines && group.lines.length > 0 ? { groupLines: group.lines } : {}),
    ...Object.fromEntries(Object.entries(draft.fields ?? {}).filter(([, v]) => v)),
  };
}
