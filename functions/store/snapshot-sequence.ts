import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { assertRepo } from './key-parts.js';
import { KEY } from './table.js';

/**
 * The snapshot chain's claims (table.ts: `SNAPSHOT#<owner>/<name>` / `SEQ#<10 digits>`, and
 * `HEAD`). A sequence number is claimed by a conditional put that records the snapshot's hash,
 * bytes and signature, so two publishers never take one number, and a publisher that crashes
 * after its claim leaves everything the next one needs to finish its upload and chain to it.
 * Single-item conditional writes only: no transactions (dynalite has none, and none are needed).
 */
export interface SequenceClaim {
  repo: string;
  sequence: number;
  sha256: string;
  commit: string | null;
  publishedAt: string;
  keyId: string;
  publicKeyPem: string;
  conclusion: string;
  /** JSON of the change summary, or null when the list did not change. */
  summary: string | null;
  /** True once `<seq>.json` and its signature are in S3. */
  uploaded: boolean;
}

/** A claim with the exact snapshot bytes and signature it stands for. */
export interface ClaimWithBytes extends SequenceClaim {
  body: Uint8Array;
  signature: Uint8Array;
}

/** The sequence latest.json points at: it only moves forward. */
export interface SequenceHead {
  sequence: number;
  sha256: string;
  commit: string | null;
}

export interface SnapshotSequence {
  /** The highest claim, with its bytes, or null before the first. */
  tip(repo: string): Promise<ClaimWithBytes | null>;
  /** Claims `claim.sequence`; false when another publisher has it. */
  claim(claim: ClaimWithBytes): Promise<boolean>;
  markUploaded(repo: string, sequence: number, sha256: string): Promise<void>;
  /** Every claim (without bytes) and the head. */
  list(repo: string): Promise<{ claims: SequenceClaim[]; head: SequenceHead | null }>;
  /** Moves the head to `head.sequence` unless it is already past it; false when it is. */
  advanceHead(repo: string, head: SequenceHead): Promise<boolean>;
}

/** A claim too large for a DynamoDB item (400 KB) even compressed. */
export class SnapshotTooLargeError extends Error {
  override name = 'SnapshotTooLargeError';
}

// Leaves room under DynamoDB's 400 KB item limit for the other attributes.
const MAX_STORED_BYTES = 350_000;

/** The chain's partition; the repository is checked (key-parts.ts) before it becomes a key. */
export const snapshotSequencePk = (repo: string): string => `SNAPSHOT#${assertRepo(repo)}`;
const pk = snapshotSequencePk;
const seqKey = (sequence: number): string => `SEQ#${String(sequence).padStart(10, '0')}`;
const HEAD = 'HEAD';
const nullable = (value: string | null): AttributeValue =>
  value === null ? { NULL: true } : { S: value };
const text = (item: Record<string, AttributeValue>, name: string): string | null =>
  item[name]?.S ?? null;

const NAMES = {
  '#pk': KEY.pk,
  '#sk': KEY.sk,
  '#seq': 'seq',
  '#sha256': 'sha256',
  '#commit': 'commit',
  '#publishedAt': 'publishedAt',
  '#keyId': 'keyId',
  '#publicKeyPem': 'publicKeyPem',
  '#conclusion': 'conclusion',
  '#summary': 'summary',
  '#uploaded': 'uploaded',
};

function toClaim(repo: string, item: Record<string, AttributeValue>): SequenceClaim {
  return {
    repo,
    sequence: Number(item.seq?.N),
    sha256: text(item, 'sha256') ?? '',
    commit: text(item, 'commit'),
    publishedAt: text(item, 'publishedAt') ?? '',
    keyId: text(item, 'keyId') ?? '',
    publicKeyPem: text(item, 'publicKeyPem') ?? '',
    conclusion: text(item, 'conclusion') ?? '',
    summary: text(item, 'summary'),
    uploaded: item.uploaded?.BOOL === true,
  };
}

async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** The claims of snapshot sequence numbers, in the one table. */
export function createSnapshotSequence(options: {
  dynamo: DynamoDBClient;
  table: string;
}): SnapshotSequence {
  const { dynamo, table } = options;
  return {
    async tip(repo) {
      const answer = await dynamo.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :seq)',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
          ExpressionAttributeValues: { ':pk': { S: pk(repo) }, ':seq': { S: 'SEQ#' } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = answer.Items?.[0];
      if (!item) return null;
      return {
        ...toClaim(repo, item),
        body: gunzipSync(item.body?.B ?? new Uint8Array()),
        signature: item.signature?.B ?? new Uint8Array(),
      };
    },

    async claim(c) {
      const body = gzipSync(c.body);
      if (body.length + c.signature.length + (c.summary?.length ?? 0) > MAX_STORED_BYTES)
        throw new SnapshotTooLargeError(
          `snapshot sequence: snapshot ${c.sequence} of ${c.repo} is ${body.length} bytes compressed; at most ${MAX_STORED_BYTES} fit beside its claim`,
        );
      const item: Record<string, AttributeValue> = {
        [KEY.pk]: { S: pk(c.repo) },
        [KEY.sk]: { S: seqKey(c.sequence) },
        seq: { N: String(c.sequence) },
        sha256: { S: c.sha256 },
        commit: nullable(c.commit),
        publishedAt: { S: c.publishedAt },
        keyId: { S: c.keyId },
        publicKeyPem: { S: c.publicKeyPem },
        conclusion: { S: c.conclusion },
        summary: nullable(c.summary),
        uploaded: { BOOL: false },
        body: { B: body },
        signature: { B: c.signature },
      };
      return conditional(
        dynamo.send(
          new PutItemCommand({
            TableName: table,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': KEY.pk },
          }),
        ),
      );
    },

    async markUploaded(repo, sequence, sha256) {
      const done = await conditional(
        dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { [KEY.pk]: { S: pk(repo) }, [KEY.sk]: { S: seqKey(sequence) } },
            UpdateExpression: 'SET #uploaded = :true',
            ConditionExpression: '#sha256 = :sha256',
            ExpressionAttributeNames: { '#uploaded': 'uploaded', '#sha256': 'sha256' },
            ExpressionAttributeValues: { ':true': { BOOL: true }, ':sha256': { S: sha256 } },
          }),
        ),
      );
      if (!done)
        throw new Error(
          `snapshot sequence: ${repo} #${sequence} is not claimed with SHA-256 ${sha256}; the claim changed under this publisher`,
        );
    },

    async list(repo) {
      const claims: SequenceClaim[] = [];
      let head: SequenceHead | null = null;
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await dynamo.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: '#pk = :pk',
            // Without the bytes: the index, feed and keys need only these.
            ProjectionExpression: Object.keys(NAMES).join(', '),
            ExpressionAttributeNames: NAMES,
            ExpressionAttributeValues: { ':pk': { S: pk(repo) } },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item[KEY.sk]?.S === HEAD) {
            const c = toClaim(repo, item);
            head = { sequence: c.sequence, sha256: c.sha256, commit: c.commit };
          } else claims.push(toClaim(repo, item));
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return { claims, head };
    },

    advanceHead(repo, head) {
      return conditional(
        dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { [KEY.pk]: { S: pk(repo) }, [KEY.sk]: { S: HEAD } },
            UpdateExpression: 'SET #seq = :seq, #sha256 = :sha256, #commit = :commit',
            ConditionExpression: 'attribute_not_exists(#seq) OR #seq <= :seq',
            ExpressionAttributeNames: { '#seq': 'seq', '#sha256': 'sha256', '#commit': 'commit' },
            ExpressionAttributeValues: {
              ':seq': { N: String(head.sequence) },
              ':sha256': { S: head.sha256 },
              ':commit': nullable(head.commit),
            },
          }),
        ),
      );
    },
  };
}
