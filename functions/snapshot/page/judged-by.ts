import { escapeHtml } from './html.js';

/**
 * The footer's sentence on what judged this version: the rule pack and, when its version carries
 * `+legal.<reviewed>.<hash>`, the legal data and the day it was last reviewed. Read from the
 * signed snapshot's `rulePackVersion`, so the page says only what the signature covers.
 */
export function judgedBy(rulePackVersion: string): string {
  const legal = /\+legal\.((\d{4}-\d{2}-\d{2})\.[0-9a-f]+)$/.exec(rulePackVersion);
  const pack = escapeHtml(rulePackVersion.replace(/\+.*$/, ''));
  if (!legal) return `Checked with rule pack ${pack}.`;
  return `Checked with rule pack ${pack} and legal data ${escapeHtml(legal[1]!)}, last reviewed against the Official Journal and the regulators' pages on ${escapeHtml(legal[2]!)}.`;
}
