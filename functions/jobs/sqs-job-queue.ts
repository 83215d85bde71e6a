import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CheckJob } from './check-job.js';
import { delaySecondsOf, type EnqueueOptions, type JobQueue } from './job-queue.js';

/**
 * The job queue in AWS: a standard SQS queue (no MessageGroupId), with a dead-letter queue
 * after retries configured on the queue itself. The message body is the job's JSON, which
 * `parseCheckJob` reads back; duplicates are possible with a standard queue and harmless,
 * because the webhook collapses jobs per commit and the check updates one run per commit.
 */
export class SqsJobQueue implements JobQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(options: { client: SQSClient; queueUrl: string }) {
    this.#client = options.client;
    this.#queueUrl = options.queueUrl;
  }

  async enqueue(job: CheckJob, options?: EnqueueOptions): Promise<void> {
    const delay = delaySecondsOf(options);
    await this.#client.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(job),
        ...(delay > 0 ? { DelaySeconds: delay } : {}),
      }),
    );
  }
}
