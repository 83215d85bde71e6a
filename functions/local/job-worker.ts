import type { CheckJob } from '../jobs/check-job.js';
import type { ClaimedJob, LocalJobQueue } from '../jobs/local-job-queue.js';

/** Attempts before a job is given up, as the SQS queue's redrive policy does in AWS. */
export const MAX_ATTEMPTS = 3;

export type WorkerEvent =
  | { kind: 'done'; job: CheckJob; outcome: unknown }
  | { kind: 'retry'; job: CheckJob; delaySeconds: number; error: string }
  | { kind: 'dead'; job: CheckJob; error: string }
  | { kind: 'queue-unavailable'; error: string };

/** Pause when the queue had nothing due, or failed (its table unreachable), before asking again. */
const QUEUE_POLL_MS = 1000;
/** Tries of the dead-letter consumer in a row, and the pause before the job comes back. */
const SETTLE_TRIES = 6;
const SETTLE_REQUEUE_SECONDS = 300;
/** How often an idle worker rebuilds its queue's index from the table (LocalJobQueue.repairIndex). */
const REPAIR_EVERY_MS = 60_000;
/** Tries of a receipt's complete or release; past them the lease runs out and the job returns. */
const RECEIPT_TRIES = 30;

export interface WorkerOptions {
  run(job: CheckJob): Promise<unknown>;
  /** The dead-letter consumer: completes the run of a job that is given up. */
  settle(job: CheckJob, attempts: number): Promise<unknown>;
  /** The delay a failure asks for (a rate limit), or null for an ordinary failure. */
  isRetryLater(error: unknown): number | null;
  onEvent?: (event: WorkerEvent) => void;
  /** Jobs run at once (Lambda runs many; default 1). */
  concurrency?: number;
}

/**
 * The local server's queue consumer: `concurrency` loops, each like a Lambda with a batch of
 * one. A failure is retried with a growing delay and, after the last attempt, handed to the
 * dead-letter consumer: the same life a job has in SQS. The queue being unreachable (its
 * DynamoDB down) pauses the loops; it never ends them.
 */
export class JobWorker {
  #running = false;
  #loops: Promise<void>[] = [];
  #sleepers = new Set<() => void>();
  #busy = 0;
  #repairDue = false;
  #repairedAt = Date.now();

  constructor(
    private readonly queue: LocalJobQueue,
    private readonly options: WorkerOptions,
  ) {}

  /** Recovers jobs a crashed process left leased, then consumes until stopped. */
  async start(): Promise<void> {
    // A crash can leave a job row its index no longer lists (LocalJobQueue.repairIndex).
    await this.queue.repairIndex();
    for (const pending of await this.queue.pending())
      if (pending.state === 'leased') await this.queue.release(pending.receipt, 0);
    this.#running = true;
    const loops = Math.max(1, this.options.concurrency ?? 1);
    this.#loops = Array.from({ length: loops }, () => this.#consume());
  }

  wake(): void {
    for (const wake of [...this.#sleepers]) wake();
  }

  /**
   * Resolves once this worker is not running a job and the queue has nothing due now (tests
   * and the demo wait on it). Twice in a row: the embedded engine updates an index entry by
   * deleting and re-adding it, and a query in between sees neither.
   */
  async idle(): Promise<void> {
    let quiet = 0;
    while (quiet < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const due = (await this.queue.pending()).filter(
        (p) => p.state === 'leased' || p.availableAt.getTime() <= Date.now(),
      );
      quiet = this.#busy > 0 || due.length > 0 ? 0 : quiet + 1;
    }
  }

  /**
   * Resolves once the queue is empty: every job done or given up, including those waiting out
   * a retry delay, which `idle` does not wait for.
   */
  async drained(): Promise<void> {
    for (;;) {
      await this.idle();
      // The table, not the index, says whether anything is left (see repairIndex).
      if ((await this.queue.pending()).length === 0 && this.#busy === 0) {
        if ((await this.queue.repairIndex()) === 0 && this.#busy === 0) return;
        this.wake();
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await Promise.all(this.#loops);
  }

  async #consume(): Promise<void> {
    while (this.#running) {
      this.#busy++;
      // #handle never throws: a claim that failed leaves `claimed` null, as an empty queue does.
      let claimed: ClaimedJob | null = null;
      try {
        // After the queue's store was unreachable (its engine killed, perhaps mid-update) or
        // once in a while when idle, the index is rebuilt from the table (repairIndex).
        if (this.#repairDue || Date.now() - this.#repairedAt > REPAIR_EVERY_MS) {
          this.#repairDue = false;
          this.#repairedAt = Date.now();
          await this.queue.repairIndex();
        }
        claimed = await this.queue.claimNext();
        if (claimed) await this.#handle(claimed);
      } catch (error) {
        this.#repairDue = true;
        this.options.onEvent?.({ kind: 'queue-unavailable', error: messageOf(error) });
      } finally {
        this.#busy--;
      }
      if (!claimed) await this.#sleep(QUEUE_POLL_MS);
    }
  }

  async #handle(claimed: ClaimedJob): Promise<void> {
    const { job, receipt, attempts } = claimed;
    let outcome: unknown;
    try {
      outcome = await this.options.run(job);
    } catch (error) {
      const message = messageOf(error);
      const asked = this.options.isRetryLater(error);
      if (asked === null && attempts >= MAX_ATTEMPTS) {
        this.options.onEvent?.({ kind: 'dead', job, error: message });
        return this.#settle(claimed);
      }
      const delaySeconds = asked ?? 5 * attempts * attempts;
      this.options.onEvent?.({ kind: 'retry', job, delaySeconds, error: message });
      await this.#untilDone(() => this.queue.release(receipt, delaySeconds));
      return;
    }
    // The job's work is done: losing the receipt now would run it again after its lease.
    await this.#untilDone(() => this.queue.complete(receipt));
    this.options.onEvent?.({ kind: 'done', job, outcome });
  }

  /**
   * Hands a given-up job to the dead-letter consumer, again while that fails (GitHub down):
   * dropping it would leave its run spinning. The job stays leased meanwhile, so a process
   * that stops here finds it again when it restarts.
   */
  async #settle({ job, receipt, attempts }: ClaimedJob): Promise<void> {
    for (let tries = 1; this.#running; tries++) {
      try {
        await this.options.settle(job, attempts);
        await this.#untilDone(() => this.queue.complete(receipt));
        return;
      } catch (error) {
        const delaySeconds = Math.min(5 * tries, 60);
        this.options.onEvent?.({ kind: 'retry', job, delaySeconds, error: messageOf(error) });
        // GitHub refusing for good (a revoked installation) must not hold this worker: the
        // job goes back to the queue, to be tried, given up and settled again later.
        if (tries >= SETTLE_TRIES) {
          await this.#untilDone(() => this.queue.release(receipt, SETTLE_REQUEUE_SECONDS));
          return;
        }
        await this.#sleep(delaySeconds * 1000);
      }
    }
  }

  /** A receipt's complete or release, tried again while the queue is unreachable. */
  async #untilDone(operation: () => Promise<boolean>): Promise<void> {
    for (let tries = 1; ; tries++) {
      try {
        await operation();
        return;
      } catch (error) {
        this.#repairDue = true;
        this.options.onEvent?.({ kind: 'queue-unavailable', error: messageOf(error) });
        // Past the tries (or when stopping), the lease runs out and the job is claimed again.
        if (tries >= RECEIPT_TRIES || !this.#running) return;
        await this.#sleep(QUEUE_POLL_MS);
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#sleepers.add(wake);
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
