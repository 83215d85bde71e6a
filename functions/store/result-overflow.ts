import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { assertRepo, assertSha } from './key-parts.js';
import type { StoredFinding, StoredParty } from './stored-result.js';

/** The big part of a result: kept gzipped, inline in the item or in S3 when it does not fit. */
export interface ResultDetails {
  findings: StoredFinding[];
  thirdParties: StoredParty[];
}

/** Where an overflowed result's details are, and the hash that proves they are the ones written. */
export interface OverflowPointer {
  key: string;
  sha256: string;
  /** Set when the bucket is versioned (it is in AWS): a rewrite of the key cannot change what we read. */
  versionId?: string;
}

export function compressDetails(details: ResultDetails): Uint8Array {
  return gzipSync(JSON.stringify(details));
}

export function decompressDetails(bytes: Uint8Array, where: string): ResultDetails {
  const parsed: unknown = JSON.parse(gunzipSync(bytes).toString('utf8'));
  const value = parsed as Partial<ResultDetails> | null;
  if (!value || !Array.isArray(value.findings) || !Array.isArray(value.thirdParties)) {
    throw new Error(`result details in ${where} are not { findings, thirdParties }`);
  }
  return value as ResultDetails;
}

/** `<prefix><owner>/<name>/<sha>.json.gz`; repo and sha checked, so the key stays under the prefix. */
export function overflowKey(prefix: string, repo: string, sha: string): string {
  return `${prefix}${assertRepo(repo)}/${assertSha(sha)}.json.gz`;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Written before the item that points to it, so a crash in between leaves at worst an object
 * nothing points to yet, never an item pointing at nothing. No Content-Encoding: clients that
 * honour it would gunzip on the way back and the hash would no longer match the bytes.
 */
export async function putOverflow(
  s3: S3Client,
  bucket: string,
  key: string,
  gzipped: Uint8Array,
): Promise<OverflowPointer> {
  const written = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: gzipped,
      ContentType: 'application/gzip',
    }),
  );
  const pointer: OverflowPointer = { key, sha256: sha256(gzipped) };
  if (written.VersionId && written.VersionId !== 'null') pointer.versionId = written.VersionId;
  return pointer;
}

/** The hash is checked before gunzip: a changed object is reported as such, not as bad gzip. */
export async function getOverflow(
  s3: S3Client,
  bucket: string,
  pointer: OverflowPointer,
): Promise<ResultDetails> {
  const got = await s3.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: pointer.key,
      ...(pointer.versionId ? { VersionId: pointer.versionId } : {}),
    }),
  );
  if (!got.Body) throw new Error(`overflow object ${pointer.key} has no body`);
  const bytes = await got.Body.transformToByteArray();
  if (sha256(bytes) !== pointer.sha256) {
    throw new Error(`overflow object ${pointer.key} does not match its SHA-256 in the item`);
  }
  return decompressDetails(bytes, pointer.key);
}
