import { gunzipSync, gzipSync } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { assertRepo, KeyPartError } from './key-parts.js';
import { KEY } from './table.js';

/**
 * The snapshot chain's claims (table.ts: `SNAPSHOT#ID#<repository id>` / `SEQ#<10 digits>`, and
 * `HEAD`). A chain belongs to GitHub's repository id, not its name: a renamed or transferred
 * repository continues its chain, and a name registered again after a deletion starts anew. A sequence number is claimed by a conditional put that records the snapshot's hash,
 * bytes and signature, so two publishers never take one number, and a publisher that crashes
 * after its claim leaves everything the next one needs to finish its upload and chain to it.
 * Single-item conditional writes only: no transactions (dynalite has none, and none are needed).
 */
export interface SequenceClaim {
  /** GitHub's repository id: the chain's key. */
  chain: number;
  /** `owner/name` as the snapshot names it (the name when it was published). */
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
  /** The S3 folder it was last uploaded to: another after a rename, until it is copied over. */
  folder: string | null;
  /** JSON of the signed key rotation when this snapshot's key replaced the previous one's. */
  rotation: string | null;
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
  /** The highest claim of a repository (by id), with its bytes, or null before the first. */
  tip(chain: number): Promise<ClaimWithBytes | null>;
  /** One claim with its bytes, or null. */
  get(chain: number, sequence: number): Promise<ClaimWithBytes | null>;
  /** Claims `claim.sequence`; false when another publisher has it. */
  claim(claim: ClaimWithBytes): Promise<boolean>;
  /** Records that the claim's objects are in S3 under `folder`. */
  markUploaded(chain: number, sequence: number, sha256: string, folder: string): Promise<void>;
  /** Every claim (without bytes) and the head. */
  list(chain: number): Promise<{ claims: SequenceClaim[]; head: SequenceHead | null }>;
  /** Moves the head to `head.sequence` unless it is already past it; false when it is. */
  advanceHead(chain: number, head: SequenceHead): Promise<boolean>;
}

/** A claim too large for a DynamoDB item (400 KB) even compressed. */
export class SnapshotTooLargeError extends Error {
  override name = 'SnapshotTooLargeError';
}

// Leaves room under DynamoDB's 400 KB item limit for the other attributes.
const MAX_STORED_BYTES = 350_000;

/** The chain's partition: GitHub's repository id, a positive integer, checked before it becomes a key. */
export function snapshotSequencePk(chain: number): string {
  if (!Number.isSafeInteger(chain) || chain < 1)
    throw new KeyPartError(
      `snapshot sequence: repository id ${String(chain)} is not a positive integer; pass GitHub's repository id`,
    );
  return `SNAPSHOT#ID#${chain}`;
}
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
  '#repository': 'repository',
  '#folder': 'folder',
  '#rotation': 'rotation',
};

function toClaim(chain: number, item: Record<string, AttributeValue>): SequenceClaim {
  return {
    chain,
    repo: text(item, 'repository') ?? '',
    sequence: Number(item.seq?.N),
    sha256: text(item, 'sha256') ?? '',
    commit: text(item, 'commit'),
    publishedAt: text(item, 'publishedAt') ?? '',
    keyId: text(item, 'keyId') ?? '',
    publicKeyPem: text(item, 'publicKeyPem') ?? '',
    conclusion: text(item, 'conclusion') ?? '',
    summary: text(item, 'summary'),
    uploaded: item.uploaded?.BOOL === true,
    folder: text(item, 'folder'),
    rotation: text(item, 'rotation'),
  };
}

function withBytes(chain: number, item: Record<string, AttributeValue>): ClaimWithBytes {
  return {
    ...toClaim(chain, item),
    body: gunzipSync(item.body?.B ?? new Uint8Array()),
    signature: item.signature?.B ?? new Uint8Array(),
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
    async tip(chain) {
      const answer = await dynamo.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :seq)',
          ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
          ExpressionAttributeValues: { ':pk': { S: pk(chain) }, ':seq': { S: 'SEQ#' } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = answer.Items?.[0];
      return item ? withBytes(chain, item) : null;
    },

    async get(chain, sequence) {
      const answer = await dynamo.send(
        new GetItemCommand({
          TableName: table,
          Key: { [KEY.pk]: { S: pk(chain) }, [KEY.sk]: { S: seqKey(sequence) } },
          ConsistentRead: true,
        }),
      );
      return answer.Item ? withBytes(chain, answer.Item) : null;
    },

    async claim(c) {
      const body = gzipSync(c.body);
      if (body.length + c.signature.length + (c.summary?.length ?? 0) > MAX_STORED_BYTES)
        throw new SnapshotTooLargeError(
          `snapshot sequence: snapshot ${c.sequence} of ${c.repo} (id ${c.chain}) is ${body.length} bytes compressed; at most ${MAX_STORED_BYTES} fit beside its claim`,
        );
      const item: Record<string, AttributeValue> = {
        [KEY.pk]: { S: pk(c.chain) },
        [KEY.sk]: { S: seqKey(c.sequence) },
        seq: { N: String(c.sequence) },
        repository: { S: assertRepo(c.repo) },
        rotation: nullable(c.rotation),
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

    async markUploaded(chain, sequence, sha256, folder) {
      const done = await conditional(
        dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { [KEY.pk]: { S: pk(chain) }, [KEY.sk]: { S: seqKey(sequence) } },
            UpdateExpression: 'SET #uploaded = :true, #folder = :folder',
            ConditionExpression: '#sha256 = :sha256',
            ExpressionAttributeNames: {
              '#uploaded': 'uploaded',
              '#sha256': 'sha256',
              '#folder': 'folder',
            },
            ExpressionAttributeValues: {
              ':true': { BOOL: true },
              ':sha256': { S: sha256 },
              ':folder': { S: folder },
            },
          }),
        ),
      );
      if (!done)
        throw new Error(
          `snapshot sequence: repository id ${chain} #${sequence} is not claimed with SHA-256 ${sha256}; the claim changed under this publisher`,
        );
    },

    async list(chain) {
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
            ExpressionAttributeValues: { ':pk': { S: pk(chain) } },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item[KEY.sk]?.S === HEAD) {
            const c = toClaim(chain, item);
            head = { sequence: c.sequence, sha256: c.sha256, commit: c.commit };
          } else claims.push(toClaim(chain, item));
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return { claims, head };
    },

    advanceHead(chain, head) {
      return conditional(
        dynamo.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { [KEY.pk]: { S: pk(chain) }, [KEY.sk]: { S: HEAD } },
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
