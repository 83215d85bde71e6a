import { CfnOutput, CfnParameter, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { AlarmTopic } from './constructs/alarm-topic.js';
import { GitHubSecrets } from './constructs/github-secrets.js';
import { ResultsTable } from './constructs/results-table.js';
import { ServiceFunction } from './constructs/service-function.js';
import { SigningKey } from './constructs/signing-key.js';
import { SnapshotSite } from './constructs/snapshot-site.js';
import {
  RESULTS_PREFIX,
  SNAPSHOTS_PREFIX,
  SnapshotStorage,
} from './constructs/snapshot-storage.js';
import { WebhookEndpoint } from './constructs/webhook-endpoint.js';
import { WorkQueue } from './constructs/work-queue.js';
import { acknowledge } from './acknowledge.js';
import { TABLE_ACCESS, allowTableItems } from './table-access.js';
import { SettingsError, type PolicyCheckerSettings } from './settings.js';

/** GitHub waits 10 s for an answer; the webhook only verifies, records and enqueues. */
const WEBHOOK_TIMEOUT = Duration.seconds(10);
/** One job per invocation: a check needs a handful of GitHub calls and the engine. */
const CHECK_TIMEOUT = Duration.minutes(2);
const PUBLISH_TIMEOUT = Duration.minutes(1);
const DEAD_LETTER_TIMEOUT = Duration.seconds(30);
/** Receives of a check job before it is dead-lettered (a rate-limit hand-back is one). */
export const CHECK_MAX_ATTEMPTS = 5;
const PUBLISH_MAX_ATTEMPTS = 5;

/** Bucket prefixes a function may touch, and why no narrower resource exists at deploy time. */
const RESULTS = {
  prefix: RESULTS_PREFIX,
  why: 'one object per overflowing result, results/<owner>/<repo>/<sha>.json.gz, for any installed repository and commit',
};
const SNAPSHOTS = {
  prefix: SNAPSHOTS_PREFIX,
  why: 'the published files of every installed repository, snapshots/<owner>/<repo>/<file>; results/ stays read-only for it',
};

export interface PolicyCheckerStackProps extends StackProps {
  settings: PolicyCheckerSettings;
}

/**
 * The whole service (DESIGN.md, "Running it"): webhook endpoint → check queue → check
 * function → publish queue → publish function, the dead-letter function on the check queue's
 * dead letters, the results table, the snapshot bucket behind CloudFront, and the signing key.
 * Each function gets its own role with only the actions its code makes, on only its resources.
 */
export class PolicyCheckerStack extends Stack {
  readonly webhook: ServiceFunction;
  readonly check: ServiceFunction;
  readonly deadLetter: ServiceFunction;
  readonly publish: ServiceFunction;
  readonly checkQueue: WorkQueue;
  readonly publishQueue: WorkQueue;
  readonly storage: SnapshotStorage;
  readonly site: SnapshotSite;
  readonly signingKey: SigningKey;
  readonly secrets: GitHubSecrets;
  readonly endpoint: WebhookEndpoint;

  constructor(scope: Construct, id: string, props: PolicyCheckerStackProps) {
    super(scope, id, props);
    const s = props.settings;
    const logRetention = retentionDays(s.logRetentionDays);
    const appId = s.githubAppId ?? appIdParameter(this);

    const { table } = new ResultsTable(this, 'Results', {
      deletionProtection: s.deletionProtection,
    });
    this.storage = new SnapshotStorage(this, 'Storage', {
      noncurrentRetentionDays: s.noncurrentRetentionDays,
      ...(s.resultRetentionDays ? { resultRetentionDays: s.resultRetentionDays } : {}),
    });
    const { bucket } = this.storage;
    this.site = new SnapshotSite(this, 'Site', {
      bucket,
      logBucket: this.storage.logBucket,
      ...(s.snapshotDomainName ? { domainName: s.snapshotDomainName } : {}),
      ...(s.snapshotCertificateArn ? { certificateArn: s.snapshotCertificateArn } : {}),
      ...(s.pageLogoOrigin ? { logoOrigin: s.pageLogoOrigin } : {}),
    });
    this.signingKey = new SigningKey(this, 'Signing');
    this.secrets = new GitHubSecrets(this, 'GitHub', {
      ...(s.webhookSecretArn ? { webhookSecretArn: s.webhookSecretArn } : {}),
      ...(s.privateKeySecretArn ? { privateKeySecretArn: s.privateKeySecretArn } : {}),
    });
    this.checkQueue = new WorkQueue(this, 'CheckJobs', {
      consumerTimeout: CHECK_TIMEOUT,
      maxReceiveCount: CHECK_MAX_ATTEMPTS,
      deadLetterConsumerTimeout: DEAD_LETTER_TIMEOUT,
      purpose: 'policy-checker check jobs',
    });
    this.publishQueue = new WorkQueue(this, 'PublishJobs', {
      consumerTimeout: PUBLISH_TIMEOUT,
      maxReceiveCount: PUBLISH_MAX_ATTEMPTS,
      purpose: 'policy-checker snapshot publishing',
    });
    const app = { GITHUB_APP_ID: appId, GITHUB_API_URL: s.githubApiUrl };
    const privateKeyArn = { GITHUB_APP_PRIVATE_KEY_SECRET_ARN: this.secrets.privateKey.secretArn };

    this.webhook = new ServiceFunction(this, 'Webhook', {
      entry: 'functions/handlers/webhook.ts',
      description: 'Verifies GitHub webhook deliveries and queues check jobs',
      timeout: WEBHOOK_TIMEOUT,
      memorySize: 512,
      logRetention,
      secret: this.secrets.webhookSecret,
      environment: {
        GITHUB_WEBHOOK_SECRET_ARN: this.secrets.webhookSecret.secretArn,
        RESULTS_TABLE: table.tableName,
        JOB_QUEUE_URL: this.checkQueue.queue.queueUrl,
      },
    });
    allow(this.webhook, ['sqs:SendMessage'], [this.checkQueue.queue.queueArn]);
    allowTableItems(this.webhook.role, table.tableArn, TABLE_ACCESS.webhook);

    this.check = new ServiceFunction(this, 'Check', {
      entry: 'functions/handlers/check.ts',
      description: 'Runs check jobs: reads the commit, checks it, completes the check run',
      timeout: CHECK_TIMEOUT,
      memorySize: 1024,
      logRetention,
      secret: this.secrets.privateKey,
      withPolicies: true,
      environment: {
        ...app,
        ...privateKeyArn,
        RESULTS_TABLE: table.tableName,
        SNAPSHOT_BUCKET: bucket.bucketName,
        JOB_QUEUE_URL: this.checkQueue.queue.queueUrl,
        PUBLISH_QUEUE_URL: this.publishQueue.queue.queueUrl,
      },
    });
    allowTableItems(this.check.role, table.tableArn, TABLE_ACCESS.check);
    this.allowPrefix(this.check, ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], RESULTS);
    allow(this.check, ['sqs:SendMessage'], [this.publishQueue.queue.queueArn]);
    this.check.fn.addEventSource(
      new SqsEventSource(this.checkQueue.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: s.checkConcurrency,
      }),
    );

    this.deadLetter = new ServiceFunction(this, 'DeadLetter', {
      entry: 'functions/handlers/dead-letter.ts',
      description: 'Completes the check run of a job that failed its last attempt',
      timeout: DEAD_LETTER_TIMEOUT,
      memorySize: 512,
      logRetention,
      secret: this.secrets.privateKey,
      environment: {
        ...app,
        ...privateKeyArn,
        RESULTS_TABLE: table.tableName,
        CHECK_MAX_ATTEMPTS: String(CHECK_MAX_ATTEMPTS),
      },
    });
    allowTableItems(this.deadLetter.role, table.tableArn, TABLE_ACCESS.deadLetter);
    this.deadLetter.fn.addEventSource(
      new SqsEventSource(this.checkQueue.deadLetterQueue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );

    const verifyHead = s.defaultBranchPublish === 'verify-head';
    this.publish = new ServiceFunction(this, 'Publish', {
      entry: 'functions/handlers/publish.ts',
      description: 'Publishes the signed snapshot of a default-branch check',
      timeout: PUBLISH_TIMEOUT,
      memorySize: 1024,
      logRetention,
      withPolicies: true,
      ...(verifyHead ? { secret: this.secrets.privateKey } : {}),
      environment: {
        ...(verifyHead ? { ...app, ...privateKeyArn } : {}),
        RESULTS_TABLE: table.tableName,
        SNAPSHOT_BUCKET: bucket.bucketName,
        SIGNING_KEY: this.signingKey.key.keyArn,
        // The publish function appends `snapshots/<owner>/<repo>/…` itself.
        PUBLIC_BASE_URL: this.site.baseUrl,
      },
    });
    allowTableItems(this.publish.role, table.tableArn, TABLE_ACCESS.publish);
    this.allowPrefix(this.publish, ['s3:GetObject', 's3:GetObjectVersion'], RESULTS);
    this.allowPrefix(this.publish, ['s3:PutObject'], SNAPSHOTS);
    this.signingKey.allowSigning(this.publish.role);
    this.publish.fn.addEventSource(
      new SqsEventSource(this.publishQueue.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: 2,
      }),
    );

    this.endpoint = new WebhookEndpoint(this, 'Endpoint', {
      handler: this.webhook.fn,
      rateLimit: s.webhookRateLimit,
      burstLimit: s.webhookBurstLimit,
      logRetention,
    });

    const { topic } = new AlarmTopic(this, 'Alarms', {
      ...(s.alarmEmail ? { email: s.alarmEmail } : {}),
    });
    for (const queue of [this.checkQueue, this.publishQueue])
      for (const alarm of [queue.depthAlarm, queue.ageAlarm])
        alarm.addAlarmAction(new actions.SnsAction(topic));

    const output = (id: string, value: string, description: string): CfnOutput =>
      new CfnOutput(this, id, { value, description });
    output('WebhookUrl', this.endpoint.url, "The GitHub App's webhook URL");
    output('SnapshotBucketName', bucket.bucketName, 'Results overflow and published snapshots');
    output(
      'SnapshotBaseUrl',
      `${this.site.baseUrl}/${SNAPSHOTS_PREFIX.replace(/\/$/, '')}`,
      'Snapshots and public pages: <base>/<owner>/<repo>/ (latest.json, index.html, feed.atom)',
    );
    output('WebhookSecretArn', this.secrets.webhookSecret.secretArn, 'The webhook secret');
    output('PrivateKeySecretArn', this.secrets.privateKey.secretArn, "The App's private key");
    output('SigningKeyArn', this.signingKey.key.keyArn, 'KMS key that signs snapshots');
    output('AlarmTopicArn', topic.topicArn, 'Alarm notifications');
    output(
      'CheckDeadLetterQueueArn',
      this.checkQueue.deadLetterQueue.queueArn,
      'Check jobs that failed every attempt (redrive source)',
    );
    output(
      'PublishDeadLetterQueueArn',
      this.publishQueue.deadLetterQueue.queueArn,
      'Publish requests that failed every attempt (redrive source)',
    );
  }

  /** Object actions under one prefix of the bucket, the wildcard acknowledged with its reason. */
  private allowPrefix(
    target: ServiceFunction,
    actions: string[],
    where: { prefix: string; why: string },
  ): void {
    const { bucket } = this.storage;
    allow(target, actions, [bucket.arnForObjects(`${where.prefix}*`)]);
    const bucketId = this.getLogicalId(bucket.node.defaultChild as CfnBucket);
    acknowledge(
      target.role,
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${where.prefix}*]`,
      `Object keys under ${where.prefix} are not known at deploy time: ${where.why}. The wildcard stops at the prefix.`,
    );
  }
}

/** The GitHub App id as a template parameter, for a synth without `-c githubAppId=…`. */
function appIdParameter(stack: Stack): string {
  return new CfnParameter(stack, 'GitHubAppId', {
    type: 'String',
    allowedPattern: '^[0-9]+$',
    description: "The GitHub App's id (its settings page); or synthesize with -c githubAppId=…",
  }).valueAsString;
}

function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays).filter(
    (v): v is number => typeof v === 'number' && v > 0,
  );
  if (!allowed.includes(days))
    throw new SettingsError(
      `context logRetentionDays: CloudWatch Logs keeps ${allowed.join(', ')} days, not ${days}`,
    );
  return days as logs.RetentionDays;
}

function allow(target: ServiceFunction, actions: string[], resources: string[]): void {
  target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
}
