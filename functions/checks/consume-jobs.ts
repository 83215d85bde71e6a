import { parseCheckJob, type CheckJob } from '../jobs/check-job.js';
import { RetryLaterError } from '../github/retry-later.js';

/** The part of an SQS record the consumer reads. */
export interface QueueRecord {
  messageId: string;
  body: string;
  receiptHandle: string;
}

export interface BatchResult {
  batchItemFailures: { itemIdentifier: string }[];
}

export interface ConsumeOptions {
  run(job: CheckJob): Promise<unknown>;
  /** Makes a record visible again after this delay (SQS ChangeMessageVisibility). */
  handBack(record: QueueRecord, delaySeconds: number): Promise<void>;
  log(message: string, fields: Record<string, unknown>): void;
}

/** SQS caps a message's visibility timeout at 12 hours. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;

/**
 * Runs a batch of jobs one by one and reports each failure on its own (partial batch
 * response), so one bad job never makes the others run twice. A job that must wait longer
 * than the function has left goes back to the queue with that delay; any other failure is
 * retried by the queue and ends in the dead-letter queue after the last attempt.
 */
export async function consumeJobs(
  records: readonly QueueRecord[],
  options: ConsumeOptions,
): Promise<BatchResult> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    try {
      await options.run(parseCheckJob(record.body));
    } catch (error) {
      failures.push({ itemIdentifier: record.messageId });
      if (error instanceof RetryLaterError) {
        const delay = Math.min(Math.ceil(error.delaySeconds), MAX_DELAY_SECONDS);
        options.log('job handed back', { messageId: record.messageId, delaySeconds: delay });
        try {
          await options.handBack(record, delay);
        } catch (handBackError) {
          // The message comes back after the queue's own visibility timeout instead.
          options.log('hand back failed', { error: String(handBackError) });
        }
      } else {
        options.log('job failed', { messageId: record.messageId, error: describe(error) });
      }
    }
  }
  return { batchItemFailures: failures };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
