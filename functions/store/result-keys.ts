import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { KEY } from './table.js';

/**
 * Keys of the rows the results store owns (see table.ts). Everything that becomes part of a
 * key or an S3 object key is validated first: a repository name with `#` or `/` in the wrong
 * place would let one repository's keys collide with another's, and `..` would climb out of
 * the overflow prefix.
 */
const OWNER = /^[A-Za-z0-9-]{1,39}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const SHA = /^[0-9a-f]{40}$/;

export function assertRepo(repo: string): { owner: string; name: string } {
  if (typeof repo !== 'string') throw new Error('repo must be a string "owner/name"');
  const parts = repo.split('/');
  if (parts.length !== 2) throw new Error(`repo "${repo}" must be "owner/name" with one "/"`);
  const [owner = '', name = ''] = parts;
  if (!OWNER.test(owner)) {
    throw new Error(`repo owner "${owner}" must be 1-39 letters, digits or "-"`);
  }
  if (!NAME.test(name)) {
    throw new Error(`repo name "${name}" must be 1-100 letters, digits, ".", "_" or "-"`);
  }
  if (name === '.' || name === '..') throw new Error(`repo name "${name}" is not allowed`);
  return { owner, name };
}

/** Lowercase only: one commit must have one key, and git and GitHub write shas in lowercase. */
export function assertSha(sha: string): void {
  if (typeof sha !== 'string' || !SHA.test(sha)) {
    throw new Error(`sha "${String(sha)}" must be 40 lowercase hexadecimal characters`);
  }
}

export function assertBranch(branch: string): void {
  if (typeof branch !== 'string' || branch.length === 0 || branch.length > 255) {
    throw new Error('branch must be a non-empty name of at most 255 characters');
  }
}

export const commitKey = (repo: string, sha: string): Record<string, AttributeValue> => ({
  [KEY.pk]: { S: `REPO#${repo}` },
  [KEY.sk]: { S: `COMMIT#${sha}` },
});

export const LATEST_PK = 'LATEST';

export const latestKey = (repo: string): Record<string, AttributeValue> => ({
  [KEY.pk]: { S: LATEST_PK },
  [KEY.sk]: { S: `REPO#${repo}` },
});

export const historyPk = (repo: string, branch: string): string => `HISTORY#${repo}#${branch}`;

/** `refs/heads/<branch>` only: a tag or a PR merge ref is not a branch with a history. */
export function branchOf(ref: string | null): string | null {
  const prefix = 'refs/heads/';
  return ref?.startsWith(prefix) && ref.length > prefix.length ? ref.slice(prefix.length) : null;
}

/**
 * The cursor is DynamoDB's LastEvaluatedKey as base64url JSON: opaque to callers, and nothing
 * to store server-side. Decoding checks it is a map of string keys and that it belongs to the
 * same query (`partition`), so a cursor from another branch fails with a clear message instead
 * of a DynamoDB ValidationException.
 */
export function encodeCursor(key: Record<string, AttributeValue> | undefined): string | null {
  if (!key || Object.keys(key).length === 0) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(
  cursor: string | null | undefined,
  partition: { name: string; value: string },
): Record<string, AttributeValue> | undefined {
  if (cursor === null || cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new Error('invalid cursor: not one this store returned');
  }
  if (!isStringKey(parsed) || parsed[partition.name]?.S !== partition.value) {
    throw new Error('invalid cursor: not one this store returned for this query');
  }
  return parsed;
}

function isStringKey(value: unknown): value is Record<string, { S: string }> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (v) =>
      typeof v === 'object' &&
      v !== null &&
      Object.keys(v).length === 1 &&
      typeof (v as { S?: unknown }).S === 'string',
  );
}

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new Error(`page limit ${limit} must be an integer from 1 to 100`);
  }
  return limit;
}
