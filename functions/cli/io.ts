/** A stream the CLI writes to: process.stdout in real use, a buffer in tests. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one (`process.stdout.columns`). */
  columns?: number;
}

/** Everything the CLI takes from the outside world, so tests can run it in-process too. */
export interface CliContext {
  argv: string[];
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Today as `YYYY-MM-DD` unless `--now` says otherwise. */
  today: string;
}

/** A usage error: exit code 2 with a message that says what to do. */
export class UsageError extends Error {
  override name = 'UsageError';
}
