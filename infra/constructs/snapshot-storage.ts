import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Where stored results too large for an item go (functions/store/results.ts). */
export const RESULTS_PREFIX = 'results/';
/** Where the published, signed snapshot chain goes (functions/snapshot/snapshot-paths.ts). */
export const SNAPSHOTS_PREFIX = 'snapshots/';

/** Standard-IA accepts objects 30 days old at the earliest. */
const IA_AFTER_DAYS = 30;

/** Whether objects live past `days` (S3 rejects a transition on or after their expiration). */
function keepsPast(retentionDays: number | undefined, days: number): boolean {
  return retentionDays === undefined || retentionDays > days;
}

export interface SnapshotStorageProps {
  /** Days before `results/` objects expire; absent, they are kept. */
  resultRetentionDays?: number;
  /** Days that replaced `results/` versions and the access logs are kept. */
  noncurrentRetentionDays: number;
}

/**
 * The snapshot bucket and the bucket its access logs (and the CDN's) go to. Both: encrypted,
 * versioned or not as their data needs, all public access blocked, TLS only, retained.
 *
 * Lifecycle rules are scoped to `results/`: `snapshots/` is a hash chain that customers verify,
 * kept forever, so no rule may ever match it.
 */
export class SnapshotStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: SnapshotStorageProps) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.noncurrentRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Snapshots', {
      // SSE-S3: CloudFront's origin access control reads it without a key policy.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // A result's pointer names the version it wrote: a rewrite cannot change what is read.
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'snapshot-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'old-results',
          prefix: RESULTS_PREFIX,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
          // A rerun rewrites a commit's result; the item then points at the new version.
          noncurrentVersionExpiration: Duration.days(props.noncurrentRetentionDays),
          // Old results are read rarely (a base comparison, `policy-check history`).
          ...(keepsPast(props.resultRetentionDays, IA_AFTER_DAYS)
            ? {
                transitions: [
                  {
                    storageClass: s3.StorageClass.INFREQUENT_ACCESS,
                    transitionAfter: Duration.days(IA_AFTER_DAYS),
                  },
                ],
              }
            : {}),
          ...(props.resultRetentionDays
            ? { expiration: Duration.days(props.resultRetentionDays) }
            : {}),
        },
      ],
    });
  }
}
