import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { KeyPartError, assertBranch, assertRepo, assertSha } from './key-parts.js';
import { KEY } from './table.js';

/**
 * Keys of the rows the results store owns (see table.ts). Every part is checked by key-parts.ts
 * (the one allow-list for key parts) inside the builders themselves, so no caller can make a key
 * from an unchecked repository, sha or branch.
 */
export { assertBranch, assertRepo, assertSha } from './key-parts.js';

export const commitKey = (repo: string, sha: string): Record<string, AttributeValue> => ({
  [KEY.pk]: { S: `REPO#${assertRepo(repo)}` },
  [KEY.sk]: { S: `COMMIT#${assertSha(sha)}` },
});

/**
 * The key of a commit's row with only the start of its sha, for a `begins_with` query (the
 * CLI's `history --commit <short sha>`): hexadecimal only, so the prefix cannot reach past `COMMIT#`.
 */
export function commitKeyPrefix(repo: string, shaPrefix: string): Record<string, AttributeValue> {
  if (!/^[0-9a-f]{1,64}$/.test(shaPrefix))
    throw new KeyPartError(
      `sha prefix ${JSON.stringify(shaPrefix.slice(0, 70))} must be lowercase hexadecimal`,
    );
  return { [KEY.pk]: { S: `REPO#${assertRepo(repo)}` }, [KEY.sk]: { S: `COMMIT#${shaPrefix}` } };
}

export const LATEST_PK = 'LATEST';

export const latestKey = (repo: string): Record<string, AttributeValue> => ({
  [KEY.pk]: { S: LATEST_PK },
  [KEY.sk]: { S: `REPO#${assertRepo(repo)}` },
});

export const historyPk = (repo: string, branch: string): string =>
  `HISTORY#${assertRepo(repo)}#${assertBranch(branch)}`;

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
