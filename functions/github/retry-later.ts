/**
 * A job that must wait longer than the function has left (a rate limit resetting in ten
 * minutes) goes back to the queue with this delay instead of dying mid-wait.
 */
export class RetryLaterError extends Error {
  constructor(
    readonly delaySeconds: number,
    reason: string,
  ) {
    super(`retry in ${delaySeconds} s: ${reason}`);
    this.name = 'RetryLaterError';
  }
}
