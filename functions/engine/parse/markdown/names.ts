import { isGenericHeading, mentionsVendors } from './context.js';

const LEGAL_SUFFIX =
  /^(?:inc|llc|ltd|limited|gmbh|ag|s\.?a|sas|sarl|b\.?v|n\.?v|plc|corp|co|pty|oy|ab|as|aps|kk|spa|srl|lp|llp|pte|se|ltda)\.?\b/i;

/** Strips a TODO note and trailing punctuation from a heading that names a vendor. */
export function cleanName(text: string): string {
  return text
    .replace(/\s*\b(?:TODO|FIXME|TBD|XXX)\b.*$/, '')
    .replace(/[\s:;,–—-]+$/, '')
    .trim();
}

/** True when a short text reads as the name of an organisation or service. */
export function isPlausibleName(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 8 || text.length > 80) return false;
  if (/[?!]$/.test(text) || /\.\s+\p{Lu}/u.test(text)) return false;
  // "Email and personal computers" is a topic; vendor names join words with "&" if at all.
  if (/\s(?:and|or)\s/i.test(text)) return false;
  return /^[\p{L}\p{N}]/u.test(text);
}

/** True when a heading can be a vendor entry rather than a section of the page. */
export function isVendorHeadingText(text: string): boolean {
  return isPlausibleName(text) && !mentionsVendors(text) && !isGenericHeading(text);
}

/** Splits "Amazon Web Services, OVH" into two vendors, never "DigitalOcean, LLC". */
export function splitNames(cell: string): string[] {
  const parts = cell.split(/\s*[,;]\s*/).filter(Boolean);
  if (parts.length < 2 || parts.length > 6) return [cell];
  const allNames = parts.every((p) => /^[\p{Lu}\p{N}]/u.test(p) && !LEGAL_SUFFIX.test(p));
  return allNames ? parts : [cell];
}
