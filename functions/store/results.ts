import {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  COMPLETED_MS_ATTRIBUTE,
  DETAILS_ATTRIBUTE,
  commitItem,
  fitsInline,
  latestItem,
  overflowFromItem,
  summaryFromItem,
  summaryProjection,
  type ResultSummary,
} from './result-item.js';
import {
  LATEST_PK,
  assertBranch,
  assertRepo,
  assertSha,
  commitKey,
  decodeCursor,
  encodeCursor,
  historyPk,
  pageLimit,
} from './result-keys.js';
import {
  compressDetails,
  decompressDetails,
  getOverflow,
  overflowKey,
  putOverflow,
  type ResultDetails,
} from './result-overflow.js';
import { GSI1, KEY } from './table.js';
import type { StoredResult } from './stored-result.js';

export type { ResultSummary } from './result-item.js';

export interface ResultsStoreOptions {
  dynamo: DynamoDBClient;
  table: string;
  s3: S3Client;
  bucket: string;
  /** Where overflowed details go in the bucket; default `results/`. */
  overflowPrefix?: string;
}

export interface Page {
  limit?: number;
  cursor?: string | null;
}

export interface SummaryPage {
  items: ResultSummary[];
  cursor: string | null;
}

export interface ResultsStore {
  putResult(result: StoredResult): Promise<void>;
  getResult(repo: string, sha: string): Promise<StoredResult | null>;
  history(repo: string, branch: string, page?: Page): Promise<SummaryPage>;
  latestPerRepository(page?: Page): Promise<SummaryPage>;
}

/**
 * Check results in the one table (rows `REPO#…/COMMIT#…` and `LATEST/REPO#…`, history on gsi1),
 * with details too big for an item in S3. Single-item writes only (dynalite has no
 * transactions), ordered so a crash between two of them leaves a state readers accept:
 * S3 object, then the commit item, then the LATEST row; a retried job redoes all three.
 */
export function createResultsStore(options: ResultsStoreOptions): ResultsStore {
  const { dynamo, table, s3, bucket } = options;
  const prefix = options.overflowPrefix ?? 'results/';

  /** The item with details inline when it fits, else with a pointer to them written to S3. */
  async function itemFor(result: StoredResult): Promise<Record<string, AttributeValue>> {
    // Inline details are gzipped Binary rather than JSON text: findings repeat rule ids, paths,
    // docs URLs and message templates, so gzip makes them several times smaller, and DynamoDB
    // bills writes per 1 KB and reads per 4 KB of the whole item, history queries included.
    const gzipped = compressDetails({
      findings: result.findings,
      thirdParties: result.thirdParties,
    });
    const inline = commitItem(result, { inline: gzipped });
    if (fitsInline(inline)) return inline;
    const key = overflowKey(prefix, result.repo, result.sha);
    const item = commitItem(result, { overflow: await putOverflow(s3, bucket, key, gzipped) });
    if (!fitsInline(item)) {
      throw new Error(
        `result summary for ${result.repo}@${result.sha} alone exceeds the item limit`,
      );
    }
    return item;
  }

  /** An older result arriving late must not replace a newer one; losing that race is normal. */
  async function putLatest(result: StoredResult): Promise<void> {
    const item = latestItem(result);
    try {
      await dynamo.send(
        new PutItemCommand({
          TableName: table,
          Item: item,
          // `<=`, not `<`: the same result written again (a retry) still lands.
          ConditionExpression: 'attribute_not_exists(#pk) OR #done <= :done',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#done': COMPLETED_MS_ATTRIBUTE },
          ExpressionAttributeValues: { ':done': item[COMPLETED_MS_ATTRIBUTE]! },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }

  async function putResult(result: StoredResult): Promise<void> {
    assertRepo(result.repo);
    assertSha(result.sha);
    const item = await itemFor(result);
    // Unconditional: one item per (repo, sha), so a retried job overwrites its own result.
    await dynamo.send(new PutItemCommand({ TableName: table, Item: item }));
    await putLatest(result);
  }

  async function detailsOf(item: Record<string, AttributeValue>): Promise<ResultDetails> {
    const pointer = overflowFromItem(item);
    if (pointer) return getOverflow(s3, bucket, pointer);
    const inline = item[DETAILS_ATTRIBUTE]?.B;
    if (!inline) throw new Error('stored result item has neither details nor an overflow pointer');
    return decompressDetails(inline, 'the item');
  }

  async function getResult(repo: string, sha: string): Promise<StoredResult | null> {
    assertRepo(repo);
    assertSha(sha);
    // Consistent: a job reads its base commit's result right after another job wrote it.
    const got = await dynamo.send(
      new GetItemCommand({ TableName: table, Key: commitKey(repo, sha), ConsistentRead: true }),
    );
    if (!got.Item) return null;
    return { ...summaryFromItem(got.Item), ...(await detailsOf(got.Item)) };
  }

  /** One Query of summaries, newest or first by key, with the opaque cursor round-tripped. */
  async function querySummaries(
    query: { index?: string; pkName: string; pkValue: string; newestFirst: boolean },
    page: Page,
  ): Promise<SummaryPage> {
    const projection = summaryProjection();
    const out = await dynamo.send(
      new QueryCommand({
        TableName: table,
        ...(query.index ? { IndexName: query.index } : {}),
        KeyConditionExpression: '#qpk = :qpk',
        ExpressionAttributeNames: { ...projection.ExpressionAttributeNames, '#qpk': query.pkName },
        ExpressionAttributeValues: { ':qpk': { S: query.pkValue } },
        ProjectionExpression: projection.ProjectionExpression,
        ScanIndexForward: !query.newestFirst,
        Limit: pageLimit(page.limit),
        ExclusiveStartKey: decodeCursor(page.cursor, { name: query.pkName, value: query.pkValue }),
      }),
    );
    return {
      items: (out.Items ?? []).map(summaryFromItem),
      cursor: encodeCursor(out.LastEvaluatedKey),
    };
  }

  async function history(repo: string, branch: string, page: Page = {}): Promise<SummaryPage> {
    assertRepo(repo);
    assertBranch(branch);
    const pkValue = historyPk(repo, branch);
    return querySummaries({ index: GSI1, pkName: KEY.gsi1pk, pkValue, newestFirst: true }, page);
  }

  async function latestPerRepository(page: Page = {}): Promise<SummaryPage> {
    return querySummaries({ pkName: KEY.pk, pkValue: LATEST_PK, newestFirst: false }, page);
  }

  return { putResult, getResult, history, latestPerRepository };
}
