import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { fromAttributes, itemSize, toAttributes, type Json } from './attribute-values.js';
import { branchOf, commitKey, historyPk, latestKey } from './result-keys.js';
import type { OverflowPointer } from './result-overflow.js';
import type { StoredResult } from './stored-result.js';
import { KEY } from './table.js';

/** Everything about a result but its findings and third parties: what lists show. */
export type ResultSummary = Omit<StoredResult, 'findings' | 'thirdParties'>;

/**
 * The summary's attributes, named once so writes, projections and reads agree; the Record
 * makes the compiler fail here when StoredResult gains a field this list does not store.
 */
const SUMMARY_FIELD_SET: Record<keyof ResultSummary, true> = {
  repo: true,
  sha: true,
  ref: true,
  trigger: true,
  deliveryId: true,
  pr: true,
  conclusion: true,
  counts: true,
  files: true,
  configVersion: true,
  rulePackVersion: true,
  checkRunId: true,
  timings: true,
};
export const SUMMARY_FIELDS = Object.keys(SUMMARY_FIELD_SET) as (keyof ResultSummary)[];

/** Gzipped details inline (Binary) or a pointer to them in S3 (Map). */
export const DETAILS_ATTRIBUTE = 'details';
export const OVERFLOW_ATTRIBUTE = 'overflow';
/** completedAt as epoch ms: the LATEST condition compares numbers, not ISO text of any offset. */
export const COMPLETED_MS_ATTRIBUTE = 'completedAtMs';

/** DynamoDB refuses items over 400 KB; this leaves room for the estimate to be off. */
export const INLINE_LIMIT_BYTES = 350 * 1024;

export function summaryOf(result: StoredResult): ResultSummary {
  const summary: Partial<Record<keyof ResultSummary, unknown>> = {};
  for (const field of SUMMARY_FIELDS) summary[field] = result[field];
  return summary as ResultSummary;
}

/** The summary attributes plus the timestamp the LATEST row's condition compares. */
function summaryAttributes(result: StoredResult): Record<string, AttributeValue> {
  return {
    ...toAttributes(summaryOf(result) as unknown as { [key: string]: Json }),
    [COMPLETED_MS_ATTRIBUTE]: { N: String(completedMs(result)) },
  };
}

export function completedMs(result: StoredResult): number {
  const ms = Date.parse(result.timings.completedAt);
  if (Number.isNaN(ms)) {
    throw new Error(`timings.completedAt "${result.timings.completedAt}" is not an ISO date`);
  }
  return ms;
}

/**
 * The per-commit item. Its gsi1 keys make it its own history entry, so rewriting the item
 * for the same commit moves its history entry rather than adding one. gsi1sk is the
 * normalised UTC ISO time (fixed width, so text order is time order) with the sha to break ties.
 */
export function commitItem(
  result: StoredResult,
  details: { inline: Uint8Array } | { overflow: OverflowPointer },
): Record<string, AttributeValue> {
  const item: Record<string, AttributeValue> = {
    ...summaryAttributes(result),
    ...commitKey(result.repo, result.sha),
  };
  const branch = branchOf(result.ref);
  if (branch !== null) {
    item[KEY.gsi1pk] = { S: historyPk(result.repo, branch) };
    const iso = new Date(completedMs(result)).toISOString();
    item[KEY.gsi1sk] = { S: `${iso}#${result.sha}` };
  }
  if ('inline' in details) item[DETAILS_ATTRIBUTE] = { B: details.inline };
  else item[OVERFLOW_ATTRIBUTE] = { M: toAttributes({ ...details.overflow }) };
  return item;
}

export function latestItem(result: StoredResult): Record<string, AttributeValue> {
  return { ...summaryAttributes(result), ...latestKey(result.repo) };
}

export function fitsInline(item: Record<string, AttributeValue>): boolean {
  return itemSize(item) <= INLINE_LIMIT_BYTES;
}

/** Reads only the summary attributes, whatever else the item holds. */
export function summaryFromItem(item: Record<string, AttributeValue>): ResultSummary {
  const summary: Partial<Record<keyof ResultSummary, unknown>> = {};
  for (const field of SUMMARY_FIELDS) {
    const value = item[field];
    if (value === undefined) throw new Error(`stored result item lacks "${field}"`);
    summary[field] = fromAttributes({ [field]: value })[field];
  }
  return summary as ResultSummary;
}

export function overflowFromItem(item: Record<string, AttributeValue>): OverflowPointer | null {
  const value = item[OVERFLOW_ATTRIBUTE]?.M;
  if (!value) return null;
  const pointer = fromAttributes(value) as Partial<Record<keyof OverflowPointer, Json>>;
  if (typeof pointer.key !== 'string' || typeof pointer.sha256 !== 'string') {
    throw new Error('stored result overflow pointer lacks its key or sha256');
  }
  return {
    key: pointer.key,
    sha256: pointer.sha256,
    ...(typeof pointer.versionId === 'string' ? { versionId: pointer.versionId } : {}),
  };
}

/** A projection of just the summary, with every name aliased (several are reserved words). */
export function summaryProjection(): {
  ProjectionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
} {
  const names: Record<string, string> = {};
  SUMMARY_FIELDS.forEach((field, i) => (names[`#s${i}`] = field));
  return { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names };
}
