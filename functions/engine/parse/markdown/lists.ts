import type { List, ListItem, Nodes, Paragraph, PhrasingContent } from 'mdast';
import type { ThirdParty } from '../../model.js';
import type { GroupContext } from './context.js';
import { makeThirdParty, type EntryDraft, type Scope } from './entry.js';
import { readInline, type FoundLink } from './inline.js';
import { locationStatement } from './location-statement.js';
import { cleanName, isPlausibleName } from './names.js';
import { purposeAfterName, purposeFromProse } from './purpose.js';
import { fieldOfLabel } from './field-lines.js';

type Strength = 'strong' | 'weak';

interface ItemRead {
  draft: EntryDraft;
  strength: Strength;
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

function readItem(item: ListItem, scope: Scope): ItemRead | null {
  const [first, ...others] = paragraphsOf(item);
  if (!first) return null;
  const whole = readInline([first], scope);
  const following = others.map((p) => readInline([p], scope));
  const links: FoundLink[] = [whole, ...following].flatMap((r) => r.links);
  const otherProse = following.map((r) => r.prose);
  const location = locationStatement([whole.text, ...otherProse].join(' '));
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
  const name = cleanName(whole.text);
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
  if (group.vendors === null) return [];
  const reads = list.children.map((item) => readItem(item, scope));
  const matched = reads.filter((r): r is ItemRead => r !== null);
  if (matched.length === 0 || matched.length * 2 < reads.length) return [];
  const strong = matched.some((r) => r.strength === 'strong');
  if (!strong && group.vendors !== 'near') return [];
  return matched.map((r) => makeThirdParty(r.draft, group, scope));
}
