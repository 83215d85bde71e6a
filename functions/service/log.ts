import { SECRET_SHAPES, REDACTED, maskShape, secretForms } from './secret-scan.js';

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

/**
 * The forms of every secret value this process has loaded (registerSecret), longest first so a
 * secret that contains another is masked whole.
 */
let registered: string[] = [];

/**
 * Marks a value as secret: from now on it is masked in every log line, in any of its forms
 * (secret-scan.ts). Called where a secret is loaded (secrets.ts, app-credentials.ts) and for the
 * AWS credentials in the environment. Values under 8 characters are ignored (MIN_SECRET_LENGTH).
 */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  const forms = secretForms(value).filter((form) => !registered.includes(form));
  if (forms.length === 0) return;
  registered = [...registered, ...forms].sort((a, b) => b.length - a.length);
}

/** The AWS credentials a Lambda function (or a developer's shell) carries in its environment. */
function registerEnvironmentSecrets(env: Record<string, string | undefined>): void {
  registerSecret(env.AWS_SECRET_ACCESS_KEY);
  registerSecret(env.AWS_SESSION_TOKEN);
}

/**
 * Masks secrets in one string: registered values, then the shapes of credentials (PEM private
 * keys, GitHub tokens, JWTs, Authorization headers, AWS keys). A safety net under the rule that
 * nothing logs a secret on purpose: an error from a library can carry one (an Octokit error's
 * `request.headers.authorization`, an AWS SDK error's canonical request with its session token).
 */
export function redact(text: string): string {
  let out = text;
  for (const form of registered) if (out.includes(form)) out = out.split(form).join(REDACTED);
  for (const shape of SECRET_SHAPES) out = maskShape(out, shape);
  return out;
}

/**
 * Fields whose name says they hold a credential: their string value is masked whole, whatever
 * it looks like (an AWS secret access key has no shape of its own; an access-token answer's
 * `token` field is just the token).
 */
const SECRET_FIELD =
  /^(?:authorization|password|secret|secretAccessKey|sessionToken|privateKey|private_key|client_secret|token|accessToken|access_token|x-amz-security-token)$/i;

/**
 * Errors become `{ name, message }` (JSON.stringify would write `{}`); bigints become strings;
 * every string, at any depth, is redacted before it is escaped into the line, so masking can
 * never break the line's JSON.
 */
function replacer(key: string, value: unknown): unknown {
  if (typeof value === 'string') return SECRET_FIELD.test(key) ? REDACTED : redact(value);
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function serialise(entry: LogFields): string {
  try {
    return JSON.stringify(entry, replacer);
  } catch (error) {
    // A circular value must not cost the line: keep what identifies it (redacted too).
    const { level, timestamp, msg, deliveryId, repo, sha } = entry;
    return JSON.stringify(
      { level, timestamp, msg, deliveryId, repo, sha, logError: String(error) },
      replacer,
    );
  }
}

/** A logger writing JSON lines; `child` binds fields that every later line carries. */
export function createLogger(options: LoggerOptions = {}): Logger {
  registerEnvironmentSecrets(process.env);
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
