/**
 * A tiny structured logger for the Lambda functions: one JSON object per line on stdout
 * (`level`, `timestamp`, `msg`, then the bound fields, then the line's own), so CloudWatch Logs
 * Insights can filter on `deliveryId`, `repo` and `sha` across the webhook, check, publish and
 * dead-letter functions. Lines go to stdout directly, not through `console`, whose Lambda
 * wrapper would prefix them or wrap them in its own JSON.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields` (e.g. `deliveryId`, `repo`, `sha`). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** Lines below this level are dropped; default: from the environment (see levelFromEnvironment). */
  level?: LogLevel;
  /** Where a finished line goes; default: stdout. */
  write?: (line: string) => void;
  now?: () => Date;
  fields?: LogFields;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Reads a level name leniently (`WARN`, `warning`, `trace`…); unknown names are null. */
export function parseLevel(value: unknown): LogLevel | null {
  const name = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (name === 'warning') return 'warn';
  if (name === 'trace') return 'debug';
  if (name === 'fatal') return 'error';
  return name in RANK ? (name as LogLevel) : null;
}

/** `LOG_LEVEL`, else the level Lambda's advanced logging controls set (`AWS_LAMBDA_LOG_LEVEL`). */
export function levelFromEnvironment(env: Record<string, string | undefined>): LogLevel {
  return parseLevel(env.LOG_LEVEL) ?? parseLevel(env.AWS_LAMBDA_LOG_LEVEL) ?? 'info';
}

/** The fields that tie a line to a check job: delivery, repository and commit. */
export function jobFields(job: {
  deliveryId?: string | null;
  repo?: { owner: string; name: string } | string | null;
  sha?: string | null;
}): LogFields {
  const repo =
    typeof job.repo === 'string' ? job.repo : job.repo && `${job.repo.owner}/${job.repo.name}`;
  const fields: LogFields = {};
  if (job.deliveryId) fields.deliveryId = job.deliveryId;
  if (repo) fields.repo = repo;
  if (job.sha) fields.sha = job.sha;
  return fields;
}

/** Errors become `{ name, message }` (JSON.stringify would write `{}`); bigints become strings. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function serialise(entry: LogFields): string {
  try {
    return JSON.stringify(entry, replacer);
  } catch (error) {
    // A circular value must not cost the line: keep what identifies it.
    const { level, timestamp, msg, deliveryId, repo, sha } = entry;
    return JSON.stringify({
      level,
      timestamp,
      msg,
      deliveryId,
      repo,
      sha,
      logError: String(error),
    });
  }
}

/** A logger writing JSON lines; `child` binds fields that every later line carries. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? levelFromEnvironment(process.env)];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const make = (bound: LogFields): Logger => {
    const log = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
      if (RANK[level] < threshold) return;
      write(serialise({ level, timestamp: now().toISOString(), msg, ...bound, ...fields }));
    };
    return {
      log,
      debug: (msg, fields) => log('debug', msg, fields),
      info: (msg, fields) => log('info', msg, fields),
      warn: (msg, fields) => log('warn', msg, fields),
      error: (msg, fields) => log('error', msg, fields),
      child: (fields) => make({ ...bound, ...fields }),
    };
  };
  return make(options.fields ?? {});
}

/**
 * Writes an entry shaped `{ level, msg, ...fields }` (what the service modules hand their `log`
 * callback) through a logger, so those lines get the timestamp and the bound fields too.
 */
export function logEntry(logger: Logger, entry: Record<string, unknown>): void {
  const { level, msg, ...fields } = entry;
  logger.log(parseLevel(level) ?? 'info', typeof msg === 'string' ? msg : String(msg), fields);
}
