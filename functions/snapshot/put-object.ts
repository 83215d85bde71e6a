import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { OBJECT_HEADERS, type ObjectKind } from './snapshot-paths.js';

/** Puts one published object with the Content-Type and Cache-Control of its kind. */
export async function putObject(
  s3: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  kind: ObjectKind,
): Promise<void> {
  const headers = OBJECT_HEADERS[kind];
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      ContentType: headers.contentType,
      CacheControl: headers.cacheControl,
    }),
  );
}
