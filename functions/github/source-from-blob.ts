import { binaryFile, emptyFile, type CheckInput } from '../engine/index.js';

/** What GitHub's GraphQL API says of a blob. */
export interface BlobText {
  text: string | null;
  isBinary: boolean | null;
  byteSize: number;
}

/**
 * A blob as a file to check, or the reason it cannot be: the same messages the CLI gives for
 * a file on disk, so a user sees one wording wherever the check ran.
 */
export function sourceFromBlob(path: string, blob: BlobText): CheckInput {
  if (blob.isBinary || blob.text === null) return binaryFile(path);
  if (blob.text.trim() === '') return emptyFile(path);
  return { path, text: blob.text.replace(/^\uFEFF/, '') };
}
