import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * The AWS SDK clients, pointed at AWS or at a local engine. A local endpoint gets fixed dummy
 * credentials (the engines accept any; s3rver's own are S3RVER/S3RVER) and S3 settings the
 * engine understands: path-style addressing, and checksums only where the API requires them
 * (s3rver would store a streamed body with its aws-chunked framing).
 */
const LOCAL_REGION = 'us-east-1';

export function dynamoClient(endpoint?: string): DynamoDBClient {
  if (!endpoint) return new DynamoDBClient({});
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

export function s3Client(endpoint?: string): S3Client {
  if (!endpoint) return new S3Client({});
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
