import { QueryCommand } from '@aws-sdk/client-dynamodb';
import {
  escapeControls as safe,
  renderText,
  type FileReport,
  type Report,
  type TextOptions,
} from '../../engine/index.js';
import { dynamoClient, s3Client } from '../../service/aws-clients.js';
import { readEnvironment, type ServiceEnvironment } from '../../service/environment.js';
import { locateEngines, ENGINES_FILE, type LocatedEngines } from '../../service/locate-engines.js';
import {
  createResultsStore,
  type ResultSummary,
  type ResultsStore,
  type SummaryPage,
} from '../../store/results.js';
import { assertBranch, assertRepo, branchOf, commitKeyPrefix } from '../../store/result-keys.js';
import type { StoredResult } from '../../store/stored-result.js';
import { KEY } from '../../store/table.js';
import { UsageError, type CliContext } from '../io.js';
import { textOptions } from '../text-options.js';

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

export const DEFAULT_BRANCH = 'main';
export const DEFAULT_LIMIT = 20;
/** The store's own maximum page size. */
const MAX_LIMIT = 100;
const SHORT_SHA = 7;

export interface HistoryArgs {
  /** `[owner/repo]`: none lists the latest result of every repository. */
  targets: string[];
  branch?: string;
  limit?: string;
  cursor?: string;
  commit?: string;
  format: string;
}

interface Request {
  repo: string | null;
  branch: string;
  /** As given, so the next-page command repeats it. */
  limit: number | null;
  cursor: string | null;
  commit: string | null;
  format: Format;
}

function parseRequest(args: HistoryArgs): Request {
  if (!(FORMATS as readonly string[]).includes(args.format)) {
    throw new UsageError(`unknown format "${args.format}" for history; use text or json`);
  }
  if (args.targets.length > 1) {
    throw new UsageError(
      `history takes one repository, owner/repo; got ${args.targets.length}: ${args.targets.join(' ')}`,
    );
  }
  const repo = args.targets[0] ?? null;
  if (repo !== null) {
    try {
      assertRepo(repo);
    } catch (error) {
      throw new UsageError(
        `history: "${repo}" is not a repository (${(error as Error).message}); write it as owner/repo, e.g. acme/site`,
      );
    }
  }
  if (args.branch !== undefined) {
    if (repo === null) {
      throw new UsageError(
        'history: --branch needs a repository, e.g. history acme/site --branch main',
      );
    }
    try {
      assertBranch(args.branch);
    } catch (error) {
      throw new UsageError(`history: --branch: ${(error as Error).message}`);
    }
  }
  let limit: number | null = null;
  if (args.limit !== undefined) {
    limit = /^\d+$/.test(args.limit) ? Number(args.limit) : NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) {
      throw new UsageError(
        `history: --limit "${args.limit}" must be a number from 1 to ${MAX_LIMIT}`,
      );
    }
  }
  let commit: string | null = null;
  if (args.commit !== undefined) {
    if (repo === null) {
      throw new UsageError(
        'history: --commit needs a repository, e.g. history acme/site --commit SHA',
      );
    }
    if (args.cursor !== undefined || args.limit !== undefined) {
      throw new UsageError('history: --commit shows one result; leave out --cursor and --limit');
    }
    commit = args.commit.toLowerCase();
    if (!/^[0-9a-f]{4,40}$/.test(commit)) {
      throw new UsageError(
        `history: --commit "${args.commit}" is not a commit sha (4 to 40 hexadecimal characters)`,
      );
    }
  }
  return {
    repo,
    branch: args.branch ?? DEFAULT_BRANCH,
    limit,
    cursor: args.cursor ?? null,
    commit,
    format: args.format as Format,
  };
}

/** The third-party count, when a summary carries one (stored results may add it later). */
function thirdPartyCount(summary: ResultSummary): number | null {
  const loose = summary as unknown as {
    thirdPartyCount?: unknown;
    counts: { thirdParties?: unknown };
  };
  const value = loose.counts.thirdParties ?? loose.thirdPartyCount;
  return typeof value === 'number' ? value : null;
}

/** `YYYY-MM-DD HH:MM` in UTC; the text as stored when it is not a date. */
function utc(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** Aligned columns; cells are stored values, escaped so that each row stays one line. */
function table(header: string[], cells: string[][], rightAligned: Set<number>): string[] {
  const rows = cells.map((row) => row.map(safe));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function listLines(items: ResultSummary[], withRepository: boolean): string[] {
  const parties = items.some((s) => thirdPartyCount(s) !== null);
  const header = [
    ...(withRepository ? ['REPOSITORY', 'BRANCH'] : []),
    'DATE (UTC)',
    'COMMIT',
    'CONCLUSION',
    'ERRORS',
    'WARNINGS',
    'NOTICES',
    ...(parties ? ['THIRD PARTIES'] : []),
    'TRIGGER',
    'PR',
  ];
  const rows = items.map((s) => [
    ...(withRepository ? [s.repo, branchOf(s.ref) ?? '-'] : []),
    utc(s.timings.completedAt),
    s.sha.slice(0, SHORT_SHA),
    s.conclusion,
    String(s.counts.errors),
    String(s.counts.warnings),
    String(s.counts.notices),
    ...(parties ? [String(thirdPartyCount(s) ?? '-')] : []),
    s.trigger,
    s.pr ? `#${s.pr.number}` : '',
  ]);
  const first = withRepository ? 5 : 3;
  const numeric = new Set([first, first + 1, first + 2, ...(parties ? [first + 3] : [])]);
  return table(header, rows, numeric);
}

/** A shell word: quoted when it holds anything but safe characters. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9._/:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function nextPageCommand(request: Request, cursor: string): string {
  const words = ['policy-check', 'history'];
  if (request.repo !== null) words.push(request.repo);
  if (request.repo !== null && request.branch !== DEFAULT_BRANCH) {
    words.push('--branch', request.branch);
  }
  if (request.limit !== null) words.push('--limit', String(request.limit));
  words.push('--cursor', cursor);
  return words.map(shellWord).join(' ');
}

function renderList(request: Request, page: SummaryPage): string {
  const where =
    request.repo === null
      ? 'the latest result of each repository'
      : `${request.repo} on ${request.branch}, newest first`;
  if (page.items.length === 0) {
    const none =
      request.repo === null
        ? 'No stored results.'
        : `No stored results for ${request.repo} on branch ${request.branch}${request.cursor ? ' after this cursor' : ''}.`;
    return `${safe(none)}\n`;
  }
  const lines = [
    `Stored results: ${safe(where)}`,
    '',
    ...listLines(page.items, request.repo === null),
  ];
  if (page.cursor !== null) {
    lines.push('', `More: ${safe(nextPageCommand(request, page.cursor))}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The stored result as the check report would have been: findings grouped by file. */
function reportOf(result: StoredResult): Report {
  const paths = [
    ...new Set([
      ...result.files,
      ...result.findings.map((f) => f.path),
      ...result.thirdParties.map((p) => p.file),
    ]),
  ];
  const files = paths.map((path): FileReport => ({
    path,
    format: null,
    thirdParties: result.thirdParties.filter((p) => p.file === path),
    todos: [],
    errors: [],
    findings: result.findings
      .filter((f) => f.path === path)
      .sort((a, b) => a.line - b.line || a.column - b.column),
  }));
  return {
    version: 1,
    files,
    summary: {
      files: result.files.length,
      thirdParties: result.thirdParties.length,
      errors: result.counts.errors,
      warnings: result.counts.warnings,
      notices: result.counts.notices,
    },
  };
}

function renderResult(result: StoredResult, options: TextOptions): string {
  const branch = branchOf(result.ref);
  const pr = result.pr
    ? `, pull request #${result.pr.number} (base ${result.pr.baseSha.slice(0, SHORT_SHA)})`
    : '';
  const seconds = (result.timings.durationMs / 1000).toFixed(1);
  // Each of these lines is one line by construction, so escaping it whole escapes its values;
  // renderText escapes its own.
  const head = [
    `${result.repo} ${result.sha}${branch ? ` (${branch})` : ''}`,
    `Checked ${utc(result.timings.completedAt)} UTC on ${result.trigger}${pr}: ${result.conclusion}`,
    `Config ${result.configVersion}, rule pack ${result.rulePackVersion}, ${seconds} s${result.checkRunId !== null ? `, check run ${result.checkRunId}` : ''}`,
  ].map(safe);
  const lines = [...head, '', renderText(reportOf(result), options).trimEnd(), ''];
  if (result.thirdParties.length === 0) {
    lines.push('Third parties: none listed');
  } else {
    lines.push(`Third parties (${result.thirdParties.length}):`);
    for (const file of new Set(result.thirdParties.map((p) => p.file))) {
      lines.push(`  ${safe(file)}`);
      const parties = result.thirdParties.filter((p) => p.file === file);
      // One line per third party and no padding: a long purpose widens only its own line.
      for (const p of parties) {
        const fields = [p.purpose ?? 'no purpose', p.location ?? 'no location'].join('; ');
        lines.push(`    ${safe(p.name)}: ${safe(fields)} (line ${p.line})`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The full sha of a stored result whose sha starts with `prefix`; null when none, error when several. */
async function resolveSha(
  engines: { dynamo: ReturnType<typeof dynamoClient>; table: string },
  repo: string,
  prefix: string,
): Promise<string | null> {
  if (prefix.length === 40) return prefix;
  // A short sha: commitKey takes only whole ones.
  const key = commitKeyPrefix(repo, prefix);
  const out = await engines.dynamo.send(
    new QueryCommand({
      TableName: engines.table,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :sk)',
      ExpressionAttributeNames: { '#pk': KEY.pk, '#sk': KEY.sk },
      ExpressionAttributeValues: { ':pk': key[KEY.pk]!, ':sk': key[KEY.sk]! },
      ProjectionExpression: '#sk',
      Limit: 10,
    }),
  );
  const shas = (out.Items ?? []).map((item) => (item[KEY.sk]?.S ?? '').replace(/^COMMIT#/, ''));
  if (shas.length > 1) {
    throw new UsageError(
      `history: --commit ${prefix} matches ${shas.length === 10 ? 'many' : shas.length} stored results (${shas.map((s) => s.slice(0, 12)).join(', ')}); give more of the sha`,
    );
  }
  return shas[0] ?? null;
}

/** Another page exists only when one more item follows the cursor (DynamoDB returns a cursor on a full page). */
async function confirmedCursor(
  page: SummaryPage,
  peek: (cursor: string) => Promise<SummaryPage>,
): Promise<SummaryPage> {
  if (page.cursor === null) return page;
  const next = await peek(page.cursor);
  return next.items.length > 0 ? page : { ...page, cursor: null };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

function networkCode(error: unknown): string | null {
  const e = error as { code?: unknown; cause?: unknown; errors?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return e.code;
  if (e.cause) return networkCode(e.cause);
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const code = networkCode(inner);
      if (code) return code;
    }
  }
  return null;
}

const START_HINT =
  'start the local server (npm start -- --serve) or set DYNAMODB_ENDPOINT (and S3_ENDPOINT) to where the results are stored';

/** The message for a store that cannot be used, or null for an error that is not about reaching it. */
function unreachable(
  error: unknown,
  located: LocatedEngines,
  env: ServiceEnvironment,
): string | null {
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  const origin = {
    environment: 'from DYNAMODB_ENDPOINT / S3_ENDPOINT',
    'local-server': `from ${env.dataDir}/${ENGINES_FILE}`,
    aws: 'AWS',
  }[located.source];
  const code = networkCode(error);
  if (code && located.source !== 'aws') {
    // The error names the port it tried; S3 only when that is S3's and not DynamoDB's.
    const port = String((error as { port?: unknown }).port ?? '');
    const at = (endpoint: string | undefined): boolean =>
      endpoint !== undefined && port !== '' && new RegExp(`:${port}/?$`).test(endpoint);
    const s3 = at(located.s3Endpoint) && !at(located.dynamodbEndpoint);
    const what = s3
      ? `S3 at ${located.s3Endpoint}`
      : `DynamoDB at ${located.dynamodbEndpoint ?? 'AWS'}`;
    return `cannot reach ${what} (${code}; ${origin}); ${START_HINT}`;
  }
  if (located.source === 'aws') {
    const aws =
      code !== null ||
      name === 'CredentialsProviderError' ||
      name === 'UnrecognizedClientException' ||
      name === 'AccessDeniedException' ||
      name === 'ExpiredTokenException' ||
      /region is missing/i.test(message);
    if (aws) {
      return `no local server is running (no live ${env.dataDir}/${ENGINES_FILE}) and AWS could not be used: ${message}; ${START_HINT}, or give AWS credentials and AWS_REGION`;
    }
  }
  if (name === 'ResourceNotFoundException') {
    return `there is no results table "${env.resultsTable}" at ${located.dynamodbEndpoint ?? 'AWS'} (${origin}); set RESULTS_TABLE to the table the service writes`;
  }
  return null;
}

/**
 * `policy-check history [owner/repo] [--branch NAME] [--limit N] [--cursor C] [--commit SHA]
 * [--format text|json]`: the stored check results of a branch, newest first, a page at a time;
 * one result in full with --commit; the latest of every repository without a repository.
 * Exit 0, 1 when --commit names no stored result, 2 on usage errors or no reachable store.
 */
export async function runHistory(args: HistoryArgs, context: CliContext): Promise<number> {
  const request = parseRequest(args);
  let env: ServiceEnvironment;
  try {
    env = readEnvironment(context.env);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const located = locateEngines(env, context.cwd);
  const dynamo = dynamoClient(located.dynamodbEndpoint);
  const s3 = s3Client(located.s3Endpoint);
  const store = createResultsStore({
    dynamo,
    table: env.resultsTable,
    s3,
    bucket: env.snapshotBucket,
  });
  try {
    return await answer(request, store, { dynamo, table: env.resultsTable }, context);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof Error && error.message.startsWith('invalid cursor')) {
      throw new UsageError(
        `history: --cursor: ${error.message}; use the one the previous page printed, with the same repository and branch`,
      );
    }
    const problem = unreachable(error, located, env);
    if (problem === null) throw error;
    context.stderr.write(`policy-check: ${safe(problem)}\n`);
    return 2;
  } finally {
    dynamo.destroy();
    s3.destroy();
  }
}

async function answer(
  request: Request,
  store: ResultsStore,
  engines: { dynamo: ReturnType<typeof dynamoClient>; table: string },
  context: CliContext,
): Promise<number> {
  if (request.repo !== null && request.commit !== null) {
    const sha = await resolveSha(engines, request.repo, request.commit);
    const result = sha === null ? null : await store.getResult(request.repo, sha);
    if (result === null) {
      context.stderr.write(
        `policy-check: no stored result for ${request.repo}@${request.commit}; policy-check history ${request.repo} lists the stored ones\n`,
      );
      return 1;
    }
    context.stdout.write(
      request.format === 'json'
        ? `${JSON.stringify(result, null, 2)}\n`
        : renderResult(result, textOptions(context)),
    );
    return 0;
  }
  const repo = request.repo;
  const fetch = (cursor: string | null, limit: number): Promise<SummaryPage> =>
    repo === null
      ? store.latestPerRepository({ limit, cursor })
      : store.history(repo, request.branch, { limit, cursor });
  const first = await fetch(request.cursor, request.limit ?? DEFAULT_LIMIT);
  const page = await confirmedCursor(first, (cursor) => fetch(cursor, 1));
  context.stdout.write(
    request.format === 'json'
      ? `${JSON.stringify({ items: page.items, cursor: page.cursor }, null, 2)}\n`
      : renderList(request, page),
  );
  return 0;
}
