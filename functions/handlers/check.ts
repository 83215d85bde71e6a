import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { consumeJobs, type BatchResult } from '../checks/consume-jobs.js';
import { runCheckJob, type DefaultBranchResult } from '../checks/run-check-job.js';
import { parseCheckJob, type CheckJob } from '../jobs/check-job.js';
import { cachedAppCredentials } from '../service/app-credentials.js';
import { dynamoClient, s3Client } from '../service/aws-clients.js';
import { checkServices } from '../service/check-services.js';
import { readEnvironment } from '../service/environment.js';
import { createLogger, jobFields, logEntry, type LogFields } from '../service/log.js';
import { secretFromExtension } from '../service/secrets.js';
import { publishEventOf } from '../snapshot/publish-commit.js';
import type { LambdaContext, SqsEvent } from './lambda-events.js';

/**
 * The check Lambda: consumes check jobs from SQS. Everything is in run-check-job.ts and
 * consume-jobs.ts; this file only builds the clients once per container and translates.
 */

/** Time kept back from the Lambda's deadline to complete the run and answer SQS. */
const DEADLINE_MARGIN_MS = 20_000;

const env = readEnvironment(process.env);
const dynamo = dynamoClient(env.dynamodbEndpoint ?? undefined);
const s3 = s3Client(env.s3Endpoint ?? undefined);
const sqs = new SQSClient({});
const credentials = cachedAppCredentials(env, secretFromExtension);
const log = createLogger();
let deadline = 0;

/** What each record's log lines carry: its job's delivery, repository and commit when it parses. */
function recordFields(record: SqsEvent['Records'][number]): LogFields {
  try {
    return { messageId: record.messageId, ...jobFields(parseCheckJob(record.body)) };
  } catch {
    return { messageId: record.messageId }; // consumeJobs reports why it does not parse
  }
}

/** Default-branch results go to the publish function through its queue, with its own retries. */
async function publish(request: DefaultBranchResult, job: CheckJob): Promise<void> {
  const queueUrl = process.env.PUBLISH_QUEUE_URL;
  if (!queueUrl) throw new Error('PUBLISH_QUEUE_URL is not set: the snapshot cannot be published');
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({
        ...publishEventOf(request, job),
        // Not read by the publish function's parser: it puts the delivery id in its log lines.
        deliveryId: job.deliveryId,
      }),
    }),
  );
}

export async function handler(event: SqsEvent, context: LambdaContext): Promise<BatchResult> {
  const started = Date.now();
  deadline = started + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS;
  const services = checkServices({
    dynamo,
    s3,
    table: env.resultsTable,
    bucket: env.snapshotBucket,
    githubApiUrl: env.githubApiUrl,
    credentials: await credentials(),
    deadline: () => deadline,
    log: (entry) => logEntry(log, entry),
  });
  const byRecord = new Map(event.Records.map((record) => [record.messageId, recordFields(record)]));
  let lastRecord: string | undefined;
  return consumeJobs(event.Records, {
    run: async (job) => {
      const jobLog = log.child(jobFields(job));
      jobLog.info('check job started', { trigger: job.trigger, pr: job.pr?.number ?? null });
      // Per job: the publish message carries the job's repository id (its chain's key).
      const outcome = await runCheckJob(job, {
        ...services,
        onDefaultBranchResult: (request) => publish(request, job),
      });
      jobLog.info('check job done', { ms: Date.now() - started });
      return outcome;
    },
    handBack: async (record, delaySeconds) => {
      lastRecord = record.messageId;
      if (!env.jobQueueUrl) return;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: env.jobQueueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: delaySeconds,
        }),
      );
    },
    log: (message, fields) => {
      // "hand back failed" names no message: it follows the hand-back of the last record.
      const messageId = typeof fields.messageId === 'string' ? fields.messageId : lastRecord;
      const known = (messageId && byRecord.get(messageId)) || {};
      log.log(fields.error ? 'error' : 'info', message, { ...known, ...fields });
    },
  });
}
