import type { CheckInput } from '../engine/index.js';

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
  const unreadable = (message: string): CheckInput => ({
    path,
    error: { ruleId: 'file-unreadable', message },
  });
  if (blob.isBinary || blob.text === null)
    return unreadable('The file is binary, not text; policy files are Markdown, YAML or JSON');
  if (blob.text.trim() === '')
    return unreadable(
      'The file is empty; add its content, or stop checking it (ignore in .policy-checker.yml)',
    );
  return { path, text: blob.text.replace(/^\uFEFF/, '') };
}

/** The message for a file over the configured size, without reading it. */
export function tooLarge(path: string, size: number, maxSize: number): CheckInput {
  const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;
  return {
    path,
    error: {
      ruleId: 'file-too-large',
      message: `The file is ${bytes(size)}, over the limit of ${bytes(maxSize)}; split it, or raise maxFileSize in .policy-checker.yml`,
    },
  };
}
