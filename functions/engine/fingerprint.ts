import { createHash } from 'node:crypto';

/** Everything a finding's identity is made of; never its line number. */
export interface FingerprintParts {
  ruleId: string;
  path: string;
  vendorKey: string;
  text: string;
}

const VERSION = 'v1';

/** Normalises the flagged source text so whitespace and case edits keep the identity. */
export function normaliseForFingerprint(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Gives each finding a versioned fingerprint: a hash of rule, path, vendor and normalised text,
 * plus an occurrence index among findings with the same parts, so a finding keeps its identity
 * when lines move and two identical findings still differ.
 */
export function fingerprintAll(parts: readonly FingerprintParts[]): string[] {
  const seen = new Map<string, number>();
  return parts.map((p) => {
    const base = [p.ruleId, p.path, p.vendorKey, normaliseForFingerprint(p.text)].join('\u0000');
    const occurrence = seen.get(base) ?? 0;
    seen.set(base, occurrence + 1);
    const hash = createHash('sha256')
      .update(`${base}\u0000${occurrence}`)
      .digest('hex')
      .slice(0, 32);
    return `${VERSION}:${hash}`;
  });
}
