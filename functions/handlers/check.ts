import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { consumeJobs, type BatchResult } from '../checks/consume-jobs.js';
import { runCheckJob, type DefaultBranchResult } from '../checks/run-check-job.js';
import { cachedAppCredentials } from '../service/app-credentials.js';
import { dynamoClient, s3Client } from '../service/aws-clients.js';
import { checkServices } from '../service/check-services.js';
import { readEnvironment } from '../service/environment.js';
import { secretFromExtension } from '../service/secrets.js';
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
let deadline = 0;

/** Default-branch results go to the publish function through its queue, with its own retries. */
async function publish(request: DefaultBranchResult): Promise<void> {
  const queueUrl = process.env.PUBLISH_QUEUE_URL;
  if (!queueUrl) throw new Error('PUBLISH_QUEUE_URL is not set: the snapshot cannot be published');
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: JSON.stringify({
        repo: request.result.repo,
        sha: request.result.sha,
        headSha: request.headSha,
        onFailure: request.onFailure,
        installationId: request.installationId,
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
    publish,
  });
  return consumeJobs(event.Records, {
    run: (job) => runCheckJob(job, services),
    handBack: async (record, delaySeconds) => {
      if (!env.jobQueueUrl) return;
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: env.jobQueueUrl,
          ReceiptHandle: record.receiptHandle,
          VisibilityTimeout: delaySeconds,
        }),
      );
    },
    log: (message, fields) =>
      console.log(JSON.stringify({ level: 'info', msg: message, ...fields })),
  });
}
