import { createHash } from 'node:crypto';

/** Which legal data judged a check: the oldest review date of its files and a hash of their text. */
export interface LegalDataVersion {
  /** `<reviewed>.<first 8 hex of the SHA-256 of the files>`, e.g. `2026-12-08.3fa1c2d9`. */
  version: string;
  /** The oldest `reviewed` date among the files: the data is as fresh as its stalest list. */
  reviewed: string;
}

/** Computes the version from each file's `reviewed` date and text, in a fixed order. */
export function legalDataVersion(
  files: readonly { reviewed: string; text: string }[],
): LegalDataVersion {
  const dates = files.map((f) => f.reviewed).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  const reviewed = dates.length === files.length && dates.length > 0 ? dates.sort()[0]! : 'unknown';
  const hash = createHash('sha256');
  // A separator between files, so moving text from one file to the next changes the hash.
  for (const file of files) hash.update(file.text).update('\0');
  return { version: `${reviewed}.${hash.digest('hex').slice(0, 8)}`, reviewed };
}
