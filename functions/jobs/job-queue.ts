import type { CheckJob } from './check-job.js';

/**
 * Where the webhook hands a check job. In AWS an SQS queue (sqs-job-queue.ts), locally a
 * DynamoDB-backed queue (local-job-queue.ts). `enqueue` resolves only once the job is durable,
 * so the webhook may answer 202 right after: a crash after that loses nothing.
 */
export interface EnqueueOptions {
  /** Hold the job back this long before a consumer sees it (SQS allows 0-900). */
  delaySeconds?: number;
}

export interface JobQueue {
  enqueue(job: CheckJob, options?: EnqueueOptions): Promise<void>;
}

/** SQS's limit on a message delay; the local queue keeps the same bounds so both behave alike. */
export const MAX_DELAY_SECONDS = 900;

/** A delay clamped to what SQS accepts, in whole seconds. */
export function delaySecondsOf(options?: EnqueueOptions): number {
  const delay = Math.floor(options?.delaySeconds ?? 0);
  if (!Number.isFinite(delay) || delay <= 0) return 0;
  return Math.min(delay, MAX_DELAY_SECONDS);
}
