import type { CheckJob } from '../jobs/check-job.js';
import type { ClaimedJob, LocalJobQueue } from '../jobs/local-job-queue.js';

/** Attempts before a job is given up, as the SQS queue's redrive policy does in AWS. */
export const MAX_ATTEMPTS = 3;

export type WorkerEvent =
  | { kind: 'done'; job: CheckJob; outcome: unknown }
  | { kind: 'retry'; job: CheckJob; delaySeconds: number; error: string }
  | { kind: 'dead'; job: CheckJob; error: string };

export interface WorkerOptions {
  run(job: CheckJob): Promise<unknown>;
  /** The dead-letter consumer: completes the run of a job that is given up. */
  settle(job: CheckJob, attempts: number): Promise<unknown>;
  /** The delay a failure asks for (a rate limit), or null for an ordinary failure. */
  isRetryLater(error: unknown): number | null;
  onEvent?: (event: WorkerEvent) => void;
}

/**
 * The local server's queue consumer: one job at a time, like a Lambda with a batch of one.
 * A failure is retried with a growing delay and, after the last attempt, handed to the
 * dead-letter consumer: the same life a job has in SQS.
 */
export class JobWorker {
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  #timer: NodeJS.Timeout | null = null;
  #busy = false;

  constructor(
    private readonly queue: LocalJobQueue,
    private readonly options: WorkerOptions,
  ) {}

  /** Recovers jobs a crashed process left leased, then consumes until stopped. */
  async start(): Promise<void> {
    for (const pending of await this.queue.pending())
      if (pending.state === 'leased') await this.queue.release(pending.receipt, 0);
    this.#running = true;
    this.#loop = this.#consume();
  }

  wake(): void {
    this.#wake?.();
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
      quiet = this.#busy || due.length > 0 ? 0 : quiet + 1;
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#loop;
  }

  async #consume(): Promise<void> {
    while (this.#running) {
      this.#busy = true;
      const claimed = await this.queue.claimNext();
      if (claimed) await this.#handle(claimed);
      this.#busy = false;
      if (!claimed) await this.#sleep(1000);
    }
  }

  async #handle(claimed: ClaimedJob): Promise<void> {
    const { job, receipt, attempts } = claimed;
    try {
      const outcome = await this.options.run(job);
      await this.queue.complete(receipt);
      this.options.onEvent?.({ kind: 'done', job, outcome });
      return;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const asked = this.options.isRetryLater(error);
      if (asked === null && attempts >= MAX_ATTEMPTS) {
        this.options.onEvent?.({ kind: 'dead', job, error: message });
        await this.options.settle(job, attempts).catch(() => undefined);
        await this.queue.complete(receipt);
        return;
      }
      const delaySeconds = asked ?? 5 * attempts * attempts;
      this.options.onEvent?.({ kind: 'retry', job, delaySeconds, error: message });
      await this.queue.release(receipt, delaySeconds);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#timer = setTimeout(resolve, ms);
      this.#wake = () => {
        if (this.#timer) clearTimeout(this.#timer);
        this.#wake = null;
        resolve();
      };
    });
  }
}
