import type { List, ListItem, Nodes, Paragraph, PhrasingContent } from 'mdast';
import type { ThirdParty } from '../../model.js';
import type { GroupContext } from './context.js';
import { makeThirdParty, type EntryDraft, type Scope } from './entry.js';
import { readInline, type FoundLink } from './inline.js';
import { locationStatement } from './location-statement.js';
import { cleanName, isPlausibleName } from './names.js';
import { purposeAfterName, purposeFromProse } from './purpose.js';
import { fieldOfLabel, readFieldLines } from './field-lines.js';
import { readCategoryLine } from './category-first.js';
import { recogniseCountries } from '../../extract/countries.js';

type Strength = 'strong' | 'weak';

interface ItemRead {
  draft: EntryDraft;
  strength: Strength;
  /** Read as a category-first line ("Payments: Stripe"). */
  category?: boolean;
}

// "Mailgun – email delivery", "Stripe: payments".
const NAME_THEN_PURPOSE = /^([^–—:.(]{2,60}?)\s*(?:[–—:]\s*|\s-\s)(.+)$/s;

function paragraphsOf(item: ListItem): Paragraph[] {
  const found: Paragraph[] = [];
  const walk = (node: Nodes): void => {
    if (node.type === 'paragraph') found.push(node);
    else if ('children' in node && node.type !== 'list')
      for (const c of node.children) walk(c as Nodes);
  };
  for (const child of item.children) walk(child);
  return found;
}

/** The item's lead: a link or bold name at its very start, with what follows it. */
function leadingName(first: Paragraph): { node: PhrasingContent; rest: PhrasingContent[] } | null {
  const [head, ...rest] = first.children.filter(
    (c) => !(c.type === 'text' && c.value.trim() === ''),
  );
  if (!head) return null;
  if (head.type === 'link' || head.type === 'linkReference') return { node: head, rest };
  if ((head.type === 'strong' || head.type === 'emphasis') && head.children.length > 0)
    return { node: head, rest };
  return null;
}

/**
 * "* Netlify" with sub-bullets "* Usage: Hosting", "* Location: EU": the fields an entry gives
 * as labelled lines of its own nested list.
 */
function nestedFields(item: ListItem, scope: Scope): ReturnType<typeof readFieldLines> {
  const lines = item.children
    .filter((c): c is List => c.type === 'list')
    .flatMap((list) => list.children)
    .flatMap((sub) => {
      const [first] = paragraphsOf(sub);
      return first ? [readInline([first], scope).text] : [];
    });
  return readFieldLines(lines);
}

/** "Plausible ([Privacy Policy](…))": a trailing parenthesis of only link texts is not the name. */
function withoutLinkParentheses(text: string, links: readonly FoundLink[]): string {
  const texts = new Set(links.map((l) => l.text.trim()));
  return text.replace(/\s*\(([^()]*)\)\s*$/, (whole, inner: string) =>
    inner.split(/\s*,\s*/).every((part) => texts.has(part.trim())) ? '' : whole,
  );
}

function readItem(item: ListItem, scope: Scope): ItemRead | null {
  const [first, ...others] = paragraphsOf(item);
  if (!first) return null;
  const whole = readInline([first], scope);
  const following = others.map((p) => readInline([p], scope));
  const links: FoundLink[] = [whole, ...following].flatMap((r) => r.links);
  const otherProse = following.map((r) => r.prose);
  const nested = nestedFields(item, scope);
  const location =
    locationStatement([whole.text, ...otherProse].join(' ')) ??
    (nested.location
      ? { text: nested.location, countries: recogniseCountries(nested.location) }
      : null);
  const withNested = (draft: EntryDraft): EntryDraft =>
    draft.purpose || !nested.purpose ? draft : { ...draft, purpose: nested.purpose };
  const read = readItemLead(item, scope, { first, whole, others, otherProse, links, location });
  return (
    read && {
      ...read,
      draft: withNested(read.draft),
      strength: nested.purpose || nested.location ? 'strong' : read.strength,
    }
  );
}

function readItemLead(
  item: ListItem,
  scope: Scope,
  parts: {
    first: Paragraph;
    whole: ReturnType<typeof readInline>;
    others: Paragraph[];
    otherProse: string[];
    links: FoundLink[];
    location: EntryDraft['location'];
  },
): ItemRead | null {
  const { first, whole, others, otherProse, links, location } = parts;
  const category = readCategoryLine(
    whole.text,
    whole.links.map((l) => l.text),
  );
  if (category)
    return {
      draft: {
        nameSpan: scope.span(first),
        endLine: scope.span(item).endLine,
        shape: 'list',
        name: category.name,
        purpose: category.purpose,
        // A place the line writes out ("hosted on Hetzner, Germany") says more than its flag.
        location: category.place ?? location ?? category.location,
        links,
      },
      strength: 'strong',
      category: true,
    };
  const base = {
    nameSpan: scope.span(first),
    endLine: scope.span(item).endLine,
    shape: 'list' as const,
    location,
    links,
  };
  const lead = leadingName(first);
  if (lead) {
    const name = cleanName(readInline([lead.node], scope).text);
    if (!isPlausibleName(name) || /^(https?:|www\.)/i.test(name) || fieldOfLabel(name)) return null;
    const rest = readInline(lead.rest, scope).text;
    // "[Mailgun](…), hosted in the US": the location statement is not part of the purpose.
    const own = locationStatement(rest);
    const purposeText = own?.index === undefined ? rest : rest.slice(0, own.index);
    const purpose = (purposeText && purposeAfterName(purposeText)) || purposeFromProse(otherProse);
    const strength: Strength =
      lead.node.type === 'strong' && !rest && others.length === 0 ? 'weak' : 'strong';
    return { draft: { ...base, name, purpose }, strength };
  }
  const split = NAME_THEN_PURPOSE.exec(whole.text);
  if (split?.[1] && split[2] && isPlausibleName(split[1].trim()) && !fieldOfLabel(split[1])) {
    return {
      draft: { ...base, name: cleanName(split[1]), purpose: purposeAfterName(split[2]) },
      strength: 'strong',
    };
  }
  const name = cleanName(withoutLinkParentheses(whole.text, links));
  if (isPlausibleName(name) && name.split(/\s+/).length <= 5 && !/[.;]$/.test(whole.text)) {
    return { draft: { ...base, name, purpose: purposeFromProse(otherProse) }, strength: 'weak' };
  }
  return null;
}

/**
 * Third parties from a bullet list, when the page announces vendors and most items are
 * shaped like entries; a list of plain names needs the announcement right above it.
 */
export function listEntries(list: List, group: GroupContext, scope: Scope): ThirdParty[] {
  const reads = list.children.map((item) => readItem(item, scope));
  // Lines that each name a kind of service and then a vendor announce themselves.
  if (group.vendors === null && !(reads.length >= 2 && reads.every((r) => r?.category))) return [];
  const matched = reads.filter((r): r is ItemRead => r !== null);
  if (matched.length === 0 || matched.length * 2 < reads.length) return [];
  const strong = matched.some((r) => r.strength === 'strong');
  if (!strong && group.vendors !== 'near') return [];
  return matched.map((r) => makeThirdParty(r.draft, group, scope));
}
