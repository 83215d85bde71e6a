import type { EntryLink, GdprLinkVerdict } from '../model.js';

type LinkKind = 'gdpr' | 'compliance' | 'privacy-policy' | 'security' | 'homepage' | 'other';

const KINDS: [LinkKind, RegExp][] = [
  [
    'gdpr',
    /gdpr|\bdpa\b|data[-_ ]?processing|data[-_ ]?protection|sub-?processors?|standard[-_ ]contractual/,
  ],
  [
    'compliance',
    /complian|trust[-_ ]?(center|centre|portal)|privacy[-_ ]shield|data[-_ ]privacy[-_ ]framework|\bdpf\b/,
  ],
  ['privacy-policy', /privacy|policies/],
  ['security', /security/],
];

const SCORE: Record<LinkKind, number> = {
  gdpr: 3,
  compliance: 2,
  'privacy-policy': 0,
  security: 0,
  homepage: 0,
  other: 0,
};

/** What a link is about, judged from its text and URL as a reader would. */
export function classifyLink(link: Pick<EntryLink, 'text' | 'url'>): LinkKind {
  // `_` joins words in URLs (`dpa_terms.html`) but is a word character to `\b`.
  const haystack = `${link.text} ${link.url}`.toLowerCase().replace(/_/g, '-');
  for (const [kind, pattern] of KINDS) if (pattern.test(haystack)) return kind;
  return isHomepage(link.url) ? 'homepage' : 'other';
}

function isHomepage(url: string): boolean {
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/, '');
  return /^[a-z]+:\/\//i.test(url) && (path === '' || path === '/');
}

const DESCRIBE: Record<LinkKind, string> = {
  gdpr: 'a GDPR link',
  compliance: 'a compliance link',
  'privacy-policy': 'only a generic privacy policy link',
  security: 'only a security page link',
  homepage: 'only a homepage link',
  other: 'only a link that is not about GDPR terms',
};

function isAbsoluteHttps(url: string): boolean {
  return /^https:\/\/[^/\s]+\.[^/\s]+/i.test(url);
}

/**
 * Picks the entry's GDPR / DPA / privacy-compliance link: an absolute https URL about those
 * terms, the most specific first. When none qualifies, says what was found instead.
 */
export function chooseGdprLink(links: readonly Pick<EntryLink, 'text' | 'url'>[]): GdprLinkVerdict {
  let best: { url: string; score: number } | null = null;
  let instead: string | null = null;
  for (const link of links) {
    const kind = classifyLink(link);
    // A link whose text says "GDPR" but points at a homepage shows no terms.
    const score = isHomepage(link.url) ? 0 : SCORE[kind];
    if (score > 0 && isAbsoluteHttps(link.url)) {
      if (!best || score > best.score) best = { url: link.url, score };
      continue;
    }
    if (instead && score === 0) continue;
    if (score > 0 && /^http:/i.test(link.url))
      instead = `${DESCRIBE[kind]} that is not https: ${link.url}`;
    else if (score > 0) instead = `${DESCRIBE[kind]} that is not an absolute URL: ${link.url}`;
    else instead = `${DESCRIBE[isHomepage(link.url) ? 'homepage' : kind]}: ${link.url}`;
  }
  return best ? { url: best.url, foundInstead: null } : { url: null, foundInstead: instead };
}
