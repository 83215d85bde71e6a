import { lineDiff } from './diff.js';
import { isBinary, isoSeconds, type CommitModel, type FileChange, type RepoModel } from './git.js';
import { responseExample, type JsonSchema } from './spec.js';
import type { FakeState, IssuedToken } from './state.js';
import type { CheckRunState, FakeAnnotation, FakeCheckRun } from './types.js';

/**
 * The REST operations the fake implements, by operationId. Bodies start from the spec's own
 * response example (so every field an Octokit consumer may read is there) with this
 * repository's facts written over it.
 */

export interface RestContext {
  state: FakeState;
  operationId: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  token: IssuedToken | undefined;
  accept: string;
  /** The request's path and query, for pagination links. */
  self: URL;
  /** Records a `semantics` violation: GitHub would refuse what the schema alone lets through. */
  semantic(message: string): void;
  /** Records an `unimplemented` violation: the fake cannot answer this faithfully. */
  unimplemented(message: string): void;
}

export interface RestAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON answer (raw file content). */
  raw?: Buffer;
}

type Handler = (ctx: RestContext) => RestAnswer;

const DOCS = 'https://docs.github.com/rest';

export function errorBody(status: number, message: string, extra: JsonSchema = {}): JsonSchema {
  return { message, documentation_url: DOCS, status: String(status), ...extra };
}

function notFound(): RestAnswer {
  return { status: 404, body: errorBody(404, 'Not Found') };
}

/** Permission each operation needs from an installation token. */
export const NEEDS: Record<string, [string, 'read' | 'write']> = {
  'checks/create': ['checks', 'write'],
  'checks/update': ['checks', 'write'],
  'checks/get': ['checks', 'read'],
  'checks/list-for-ref': ['checks', 'read'],
  'checks/list-annotations': ['checks', 'read'],
  'git/get-tree': ['contents', 'read'],
  'git/get-blob': ['contents', 'read'],
  'repos/get-content': ['contents', 'read'],
  'repos/get-commit': ['contents', 'read'],
  'repos/list-commits': ['contents', 'read'],
  'repos/compare-commits-with-basehead': ['contents', 'read'],
  'repos/get': ['metadata', 'read'],
};

export function hasPermission(token: IssuedToken, operationId: string): boolean {
  const need = NEEDS[operationId];
  if (!need) return true;
  const granted = token.permissions[need[0]];
  return granted === 'write' || (granted === 'read' && need[1] === 'read');
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function apiBase(ctx: RestContext, repo: RepoModel): string {
  return `${ctx.state.baseUrl}/repos/${repo.fullName}`;
}

function htmlBase(repo: RepoModel): string {
  return `https://github.com/${repo.fullName}`;
}

function nodeId(kind: string, id: string | number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}

/** Base64 as GitHub sends file content: lines of 60 characters. */
function wrappedBase64(data: Buffer): string {
  const text = data.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 60) lines.push(text.slice(i, i + 60));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** Rewrites the example's octocat/Hello-World strings into this repository's. */
function rewrite<T>(value: T, pairs: Array<[string, string]>): T {
  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      let out = node;
      for (const [from, to] of pairs) out = out.split(from).join(to);
      return out;
    }
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]));
    return node;
  };
  return visit(value) as T;
}

function repoPairs(ctx: RestContext, repo: RepoModel): Array<[string, string]> {
  return [
    ['https://api.github.com/repos/octocat/Hello-World', apiBase(ctx, repo)],
    ['https://api.github.com/users/octocat', `${ctx.state.baseUrl}/users/${repo.owner}`],
    ['https://api.github.com', ctx.state.baseUrl],
    ['octocat/Hello-World', repo.fullName],
    ['https://github.com/octocat', `https://github.com/${repo.owner}`],
  ];
}

function repositoryJson(ctx: RestContext, repo: RepoModel, example: JsonSchema): JsonSchema {
  const out = rewrite(example, repoPairs(ctx, repo));
  for (const key of ['parent', 'source', 'template_repository', 'organization', 'temp_clone_token'])
    delete out[key];
  const size = [...repo.head.files.values()].reduce(
    (sum, sha) => sum + (repo.blob(sha)?.data.length ?? 0),
    0,
  );
  const owner = out.owner as JsonSchema;
  Object.assign(owner, {
    login: repo.owner,
    id: repo.id + 1_000_000,
    node_id: nodeId('U', repo.owner),
  });
  Object.assign(out, {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    description: null,
    homepage: null,
    mirror_url: null,
    language: null,
    license: null,
    fork: false,
    default_branch: repo.defaultBranch,
    size: Math.ceil(size / 1024),
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    open_issues_count: 0,
    open_issues: 0,
    topics: [],
    created_at: repo.createdAt,
    pushed_at: repo.head.date,
    updated_at: repo.head.date,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
  });
  return out;
}

function commitJson(
  ctx: RestContext,
  repo: RepoModel,
  commit: CommitModel,
  files?: FileChange[],
  filesAt?: CommitModel | undefined,
): JsonSchema {
  const example = rewrite(responseExample('repos/get-commit', 200), repoPairs(ctx, repo));
  const base = apiBase(ctx, repo);
  const exampleCommit = example.commit as JsonSchema;
  const person = { name: 'Monalisa Octocat', email: 'mona@github.com', date: commit.date };
  const out: JsonSchema = {
    url: `${base}/commits/${commit.sha}`,
    sha: commit.sha,
    node_id: nodeId('C', commit.sha),
    html_url: `${htmlBase(repo)}/commit/${commit.sha}`,
    comments_url: `${base}/commits/${commit.sha}/comments`,
    commit: {
      url: `${base}/git/commits/${commit.sha}`,
      author: person,
      committer: person,
      message: commit.message,
      tree: { sha: commit.treeSha, url: `${base}/git/trees/${commit.treeSha}` },
      comment_count: 0,
      verification: exampleCommit.verification,
    },
    author: example.author,
    committer: example.committer,
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${base}/commits/${sha}`,
      html_url: `${htmlBase(repo)}/commit/${sha}`,
    })),
  };
  if (files) {
    const entries = files.map((change) => diffEntry(ctx, repo, change, commit, filesAt));
    const additions = entries.reduce((sum, e) => sum + (e.additions as number), 0);
    const deletions = entries.reduce((sum, e) => sum + (e.deletions as number), 0);
    out.stats = { additions, deletions, total: additions + deletions };
    out.files = entries;
  }
  return out;
}

function diffEntry(
  ctx: RestContext,
  repo: RepoModel,
  change: FileChange,
  head: CommitModel,
  base: CommitModel | undefined,
): JsonSchema {
  const at = change.status === 'removed' && base ? base.sha : head.sha;
  const blob = change.after ?? change.before;
  const binary =
    (change.before && isBinary(change.before.data)) ||
    (change.after && isBinary(change.after.data));
  const diff = binary
    ? { additions: 0, deletions: 0, patch: undefined }
    : lineDiff(
        change.before?.data.toString('utf8') ?? '',
        change.after?.data.toString('utf8') ?? '',
      );
  return {
    sha: blob?.sha ?? null,
    filename: change.path,
    status: change.status,
    additions: diff.additions,
    deletions: diff.deletions,
    changes: diff.additions + diff.deletions,
    blob_url: `${htmlBase(repo)}/blob/${at}/${encodePath(change.path)}`,
    raw_url: `${htmlBase(repo)}/raw/${at}/${encodePath(change.path)}`,
    contents_url: `${apiBase(ctx, repo)}/contents/${encodePath(change.path)}?ref=${at}`,
    ...(diff.patch !== undefined ? { patch: diff.patch } : {}),
    ...(change.previousPath ? { previous_filename: change.previousPath } : {}),
  };
}

interface Page<T> {
  items: T[];
  link: string | undefined;
}

/** GitHub's page/per_page with a Link header (what Octokit's paginate follows). */
function paginate<T>(ctx: RestContext, items: T[], defaultPerPage = 30): Page<T> {
  const perPage = Math.min(Math.max(Number(ctx.query.per_page ?? defaultPerPage), 1), 100);
  const page = Math.max(Number(ctx.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const at = (n: number): string => {
    const url = new URL(ctx.self.pathname + ctx.self.search, ctx.state.baseUrl);
    url.searchParams.set('page', String(n));
    if (ctx.query.per_page !== undefined) url.searchParams.set('per_page', String(perPage));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
  if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    link: links.length > 0 ? links.join(', ') : undefined,
  };
}

function linkHeader(page: Page<unknown>): Record<string, string> {
  return page.link ? { link: page.link } : {};
}

function repoOf(ctx: RestContext): RepoModel | undefined {
  return ctx.state.visibleRepo(ctx.token, String(ctx.params.owner), String(ctx.params.repo));
}

function noCommit(ref: string): RestAnswer {
  return { status: 422, body: errorBody(422, `No commit found for SHA: ${ref}`) };
}

// ---- checks ---------------------------------------------------------------------------------

interface OutputBody {
  title?: string;
  summary?: string;
  text?: string;
  annotations?: FakeAnnotation[];
  images?: unknown[];
}

interface CheckRunBody {
  name?: string;
  head_sha?: string;
  details_url?: string;
  external_id?: string;
  status?: CheckRunState['status'];
  started_at?: string;
  conclusion?: string;
  completed_at?: string;
  output?: OutputBody;
  actions?: unknown[];
}

/** What GitHub refuses beyond the schema: its documented rules for check runs. */
function checkRunProblems(body: CheckRunBody, creating: boolean): string[] {
  const problems: string[] = [];
  if (body.output && body.output.title === undefined)
    problems.push('output.title is required whenever output is sent');
  if (creating && (body.status === 'completed' || body.completed_at) && !body.conclusion)
    problems.push('conclusion is required with status "completed" or completed_at');
  (body.output?.annotations ?? []).forEach((a, i) => {
    const at = `output.annotations[${i}]`;
    if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line)
      problems.push(
        `${at}: start_column/end_column are only allowed when start_line equals end_line`,
      );
    if (a.title !== undefined && a.title.length > 255)
      problems.push(`${at}: title is longer than 255 characters`);
    if (Buffer.byteLength(a.message) > 65_535) problems.push(`${at}: message is larger than 64 KB`);
    if (a.raw_details !== undefined && Buffer.byteLength(a.raw_details) > 65_535)
      problems.push(`${at}: raw_details is larger than 64 KB`);
  });
  return problems;
}

function timestamp(value: string | undefined): string | undefined {
  return value === undefined ? undefined : isoSeconds(new Date(value));
}

function snapshot(run: FakeCheckRun): CheckRunState {
  const state: Partial<FakeCheckRun> = { ...run };
  delete state.history;
  return structuredClone(state) as CheckRunState;
}

function checkRunJson(ctx: RestContext, run: FakeCheckRun): JsonSchema {
  const example = responseExample('checks/get', 200);
  const base = `${ctx.state.baseUrl}/repos/${run.owner}/${run.repo}`;
  const app = example.app as JsonSchema;
  app.id = ctx.state.appId;
  const suiteKey = `${run.owner}/${run.repo}@${run.head_sha}`.toLowerCase();
  return {
    id: run.id,
    head_sha: run.head_sha,
    node_id: nodeId('CheckRun', run.id),
    external_id: run.external_id ?? '',
    url: `${base}/check-runs/${run.id}`,
    html_url: `https://github.com/${run.owner}/${run.repo}/runs/${run.id}`,
    details_url: run.details_url,
    status: run.status,
    conclusion: run.conclusion,
    started_at: run.started_at,
    completed_at: run.completed_at,
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${base}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: ctx.state.checkSuites.get(suiteKey) ?? 0 },
    app,
    pull_requests: [],
  };
}

function refused(ctx: RestContext, problems: string[]): RestAnswer {
  for (const problem of problems) ctx.semantic(problem);
  return {
    status: 422,
    body: errorBody(422, `Invalid request.\n\n${problems.join('\n')}`),
  };
}

const createCheckRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const body = ctx.body as CheckRunBody;
  const problems = checkRunProblems(body, true);
  if (!repo.commits.has(body.head_sha ?? ''))
    problems.push(`head_sha ${body.head_sha} is not a commit of ${repo.fullName}`);
  if (problems.length > 0) return refused(ctx, problems);
  const now = isoSeconds(new Date());
  const status = body.conclusion ? 'completed' : (body.status ?? 'queued');
  const suiteKey = `${repo.fullName}@${body.head_sha}`.toLowerCase();
  if (!ctx.state.checkSuites.has(suiteKey))
    ctx.state.checkSuites.set(suiteKey, ctx.state.nextCheckSuiteId++);
  const run: FakeCheckRun = {
    id: ctx.state.nextCheckRunId++,
    owner: repo.owner,
    repo: repo.name,
    name: body.name!,
    head_sha: body.head_sha!,
    status,
    conclusion: body.conclusion ?? null,
    external_id: body.external_id ?? null,
    details_url: body.details_url ?? null,
    started_at: timestamp(body.started_at) ?? now,
    completed_at: timestamp(body.completed_at) ?? (status === 'completed' ? now : null),
    output: {
      title: body.output?.title ?? null,
      summary: body.output?.summary ?? null,
      text: body.output?.text ?? null,
      annotations: structuredClone(body.output?.annotations ?? []),
      images: structuredClone(body.output?.images ?? []),
    },
    actions: structuredClone(body.actions ?? []),
    history: [],
  };
  run.history.push(snapshot(run));
  ctx.state.checkRuns.set(run.id, run);
  return { status: 201, body: checkRunJson(ctx, run) };
};

function runOf(ctx: RestContext, repo: RepoModel): FakeCheckRun | undefined {
  const run = ctx.state.checkRuns.get(Number(ctx.params.check_run_id));
  return run && run.owner === repo.owner && run.repo === repo.name ? run : undefined;
}

const updateCheckRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = repo && runOf(ctx, repo);
  if (!run) return notFound();
  const body = ctx.body as CheckRunBody;
  const problems = checkRunProblems(body, false);
  if (body.status === 'completed' && !body.conclusion && !run.conclusion)
    problems.push('conclusion is required to complete a run');
  if (problems.length > 0) return refused(ctx, problems);
  const now = isoSeconds(new Date());
  if (body.name !== undefined) run.name = body.name;
  if (body.details_url !== undefined) run.details_url = body.details_url;
  if (body.external_id !== undefined) run.external_id = body.external_id;
  if (body.started_at !== undefined) run.started_at = timestamp(body.started_at)!;
  if (body.status !== undefined) {
    run.status = body.status;
    if (body.status !== 'completed') {
      run.conclusion = null;
      run.completed_at = null;
    }
  }
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = 'completed';
  }
  if (body.completed_at !== undefined) run.completed_at = timestamp(body.completed_at)!;
  if (run.status === 'completed') run.completed_at ??= now;
  if (body.output) {
    if (body.output.title !== undefined) run.output.title = body.output.title;
    if (body.output.summary !== undefined) run.output.summary = body.output.summary;
    if (body.output.text !== undefined) run.output.text = body.output.text;
    run.output.annotations.push(...structuredClone(body.output.annotations ?? []));
    run.output.images.push(...structuredClone(body.output.images ?? []));
  }
  if (body.actions !== undefined) run.actions = structuredClone(body.actions);
  run.history.push(snapshot(run));
  return { status: 200, body: checkRunJson(ctx, run) };
};

const getCheckRun: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = repo && runOf(ctx, repo);
  return run ? { status: 200, body: checkRunJson(ctx, run) } : notFound();
};

const listCheckRunsForRef: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = String(ctx.params.ref);
  const commit = repo.resolveCommit(ref);
  if (!commit) return noCommit(ref);
  let runs = [...ctx.state.checkRuns.values()]
    .filter(
      (run) => run.owner === repo.owner && run.repo === repo.name && run.head_sha === commit.sha,
    )
    .sort((a, b) => b.id - a.id);
  if (ctx.query.check_name !== undefined)
    runs = runs.filter((r) => r.name === ctx.query.check_name);
  if (ctx.query.status !== undefined) runs = runs.filter((r) => r.status === ctx.query.status);
  if (ctx.query.app_id !== undefined && Number(ctx.query.app_id) !== ctx.state.appId) runs = [];
  if ((ctx.query.filter ?? 'latest') === 'latest') {
    const seen = new Set<string>();
    runs = runs.filter((run) => !seen.has(run.name) && seen.add(run.name));
  }
  const page = paginate(ctx, runs);
  return {
    status: 200,
    headers: linkHeader(page),
    body: { total_count: runs.length, check_runs: page.items.map((run) => checkRunJson(ctx, run)) },
  };
};

const listAnnotations: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const run = repo && runOf(ctx, repo);
  if (!repo || !run) return notFound();
  const page = paginate(ctx, run.output.annotations);
  return {
    status: 200,
    headers: linkHeader(page),
    body: page.items.map((a) => ({
      path: a.path,
      blob_href: `${htmlBase(repo)}/blob/${run.head_sha}/${encodePath(a.path)}`,
      start_line: a.start_line,
      end_line: a.end_line,
      start_column: a.start_column ?? null,
      end_column: a.end_column ?? null,
      annotation_level: a.annotation_level,
      title: a.title ?? null,
      message: a.message,
      raw_details: a.raw_details ?? null,
    })),
  };
};

// ---- git data and contents ------------------------------------------------------------------

const getTree: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = String(ctx.params.tree_sha);
  const tree = repo.tree(ref) ?? repo.tree(repo.resolveCommit(ref)?.treeSha ?? '');
  if (!tree) return notFound();
  const base = apiBase(ctx, repo);
  const entries =
    ctx.query.recursive !== undefined
      ? repo.walkTree(tree)
      : tree.entries.map((e) => ({ ...e, path: e.name }));
  return {
    status: 200,
    body: {
      sha: tree.sha,
      url: `${base}/git/trees/${tree.sha}`,
      tree: entries.map((e) => ({
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(e.type === 'blob' ? { size: repo.blob(e.sha)!.data.length } : {}),
        url: `${base}/git/${e.type === 'blob' ? 'blobs' : 'trees'}/${e.sha}`,
      })),
      truncated: false,
    },
  };
};

const getBlob: Handler = (ctx) => {
  const repo = repoOf(ctx);
  const blob = repo?.blob(String(ctx.params.file_sha));
  if (!repo || !blob) return notFound();
  return {
    status: 200,
    body: {
      content: wrappedBase64(blob.data),
      encoding: 'base64',
      url: `${apiBase(ctx, repo)}/git/blobs/${blob.sha}`,
      sha: blob.sha,
      size: blob.data.length,
      node_id: nodeId('Blob', blob.sha),
    },
  };
};

const ONE_MB = 1024 * 1024;

const getContent: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = ctx.query.ref === undefined ? repo.defaultBranch : String(ctx.query.ref);
  const commit = repo.resolveCommit(ref);
  if (!commit) return { status: 404, body: errorBody(404, `No commit found for the ref ${ref}`) };
  const path = String(ctx.params.path).replace(/^\/+|\/+$/g, '');
  const object = repo.entryAt(commit, path);
  if (!object) return notFound();
  const base = apiBase(ctx, repo);
  const entry = (entryPath: string, sha: string, type: 'blob' | 'tree'): JsonSchema => {
    const url = `${base}/contents/${encodePath(entryPath)}?ref=${encodeURIComponent(ref)}`;
    const gitUrl = `${base}/git/${type === 'blob' ? 'blobs' : 'trees'}/${sha}`;
    const htmlUrl = `${htmlBase(repo)}/${type === 'blob' ? 'blob' : 'tree'}/${ref}/${encodePath(entryPath)}`;
    return {
      type: type === 'blob' ? 'file' : 'dir',
      size: type === 'blob' ? repo.blob(sha)!.data.length : 0,
      name: entryPath.split('/').pop()!,
      path: entryPath,
      sha,
      url,
      git_url: gitUrl,
      html_url: htmlUrl,
      download_url:
        type === 'blob'
          ? `https://raw.githubusercontent.com/${repo.fullName}/${ref}/${encodePath(entryPath)}`
          : null,
      _links: { self: url, git: gitUrl, html: htmlUrl },
    };
  };
  if (object.type === 'tree')
    return {
      status: 200,
      body: object.entries.map((e) => entry(path ? `${path}/${e.name}` : e.name, e.sha, e.type)),
    };
  if (/\bvnd\.github(\.v3)?\.raw\b/.test(ctx.accept)) return { status: 200, raw: object.data };
  const tooLarge = object.data.length > ONE_MB;
  return {
    status: 200,
    body: {
      ...entry(path, object.sha, 'blob'),
      encoding: tooLarge ? 'none' : 'base64',
      content: tooLarge ? '' : wrappedBase64(object.data),
    },
  };
};

const getCommit: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const ref = String(ctx.params.ref);
  const commit = repo.resolveCommit(ref);
  if (!commit) return noCommit(ref);
  const parent = repo.commits.get(commit.parents[0] ?? '');
  let files = repo.changes(parent, commit);
  let headers: Record<string, string> = {};
  if (ctx.query.page !== undefined || ctx.query.per_page !== undefined) {
    const page = paginate(ctx, files);
    files = page.items;
    headers = linkHeader(page);
  }
  return { status: 200, headers, body: commitJson(ctx, repo, commit, files, parent) };
};

const listCommits: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  for (const name of ['author', 'committer'])
    if (ctx.query[name] !== undefined) ctx.unimplemented(`repos/list-commits: ${name} filter`);
  const ref = ctx.query.sha === undefined ? repo.defaultBranch : String(ctx.query.sha);
  const start = repo.resolveCommit(ref);
  if (!start) return notFound();
  const path =
    ctx.query.path === undefined ? undefined : String(ctx.query.path).replace(/\/+$/, '');
  const since = ctx.query.since === undefined ? -Infinity : Date.parse(String(ctx.query.since));
  const until = ctx.query.until === undefined ? Infinity : Date.parse(String(ctx.query.until));
  const commits = [...repo.ancestors(start.sha)]
    .map((sha) => repo.commits.get(sha)!)
    .sort((a, b) => b.index - a.index)
    .filter((c) => Date.parse(c.date) >= since && Date.parse(c.date) <= until)
    .filter((c) => {
      if (path === undefined) return true;
      const changes = repo.changes(repo.commits.get(c.parents[0] ?? ''), c);
      return changes.some((change) =>
        [change.path, change.previousPath].some(
          (p) => p !== undefined && (p === path || p.startsWith(`${path}/`)),
        ),
      );
    });
  const page = paginate(ctx, commits);
  return {
    status: 200,
    headers: linkHeader(page),
    body: page.items.map((c) => commitJson(ctx, repo, c)),
  };
};

const compare: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  const basehead = String(ctx.params.basehead);
  const parts = basehead.includes('...') ? basehead.split('...') : basehead.split('..');
  if (parts.length !== 2) return notFound();
  const side = (text: string): CommitModel | undefined => {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      if (text.slice(0, colon).toLowerCase() !== repo.owner.toLowerCase()) return undefined;
      text = text.slice(colon + 1);
    }
    return repo.resolveCommit(text);
  };
  const base = side(parts[0]!);
  const head = side(parts[1]!);
  if (!base || !head) return notFound();
  const mergeBase = repo.mergeBase(base.sha, head.sha);
  if (!mergeBase)
    return {
      status: 404,
      body: errorBody(404, `No common ancestor between ${parts[0]} and ${parts[1]}.`),
    };
  const ahead = repo.commitsBetween(base.sha, head.sha);
  const behind = repo.commitsBetween(head.sha, base.sha);
  const status =
    ahead.length === 0 && behind.length === 0
      ? 'identical'
      : behind.length === 0
        ? 'ahead'
        : ahead.length === 0
          ? 'behind'
          : 'diverged';
  let commits = ahead.slice(0, 250);
  let headers: Record<string, string> = {};
  if (ctx.query.page !== undefined || ctx.query.per_page !== undefined) {
    const page = paginate(ctx, ahead);
    commits = page.items;
    headers = linkHeader(page);
  }
  const html = `${htmlBase(repo)}/compare/${basehead}`;
  return {
    status: 200,
    headers,
    body: {
      url: `${apiBase(ctx, repo)}/compare/${basehead}`,
      html_url: html,
      permalink_url: `${htmlBase(repo)}/compare/${repo.owner}:${base.sha.slice(0, 7)}...${repo.owner}:${head.sha.slice(0, 7)}`,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      base_commit: commitJson(ctx, repo, base),
      merge_base_commit: commitJson(ctx, repo, mergeBase),
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: commits.map((c) => commitJson(ctx, repo, c)),
      files: repo
        .changes(mergeBase, head)
        .map((change) => diffEntry(ctx, repo, change, head, mergeBase)),
    },
  };
};

const getRepository: Handler = (ctx) => {
  const repo = repoOf(ctx);
  if (!repo) return notFound();
  return {
    status: 200,
    body: repositoryJson(ctx, repo, responseExample('repos/get', 200, 'default-response')),
  };
};

// ---- app installation tokens ----------------------------------------------------------------

interface TokenBody {
  repositories?: string[];
  repository_ids?: number[];
  permissions?: Record<string, string>;
}

const createInstallationToken: Handler = (ctx) => {
  const installationId = Number(ctx.params.installation_id);
  if (ctx.state.installationIds && !ctx.state.installationIds.has(installationId))
    return notFound();
  const body = (ctx.body ?? {}) as TokenBody;
  const all = [...ctx.state.repos.values()];
  let selected: RepoModel[] | undefined;
  if (body.repositories || body.repository_ids) {
    const byName = (body.repositories ?? []).map((name) =>
      all.find((r) => r.name.toLowerCase() === name.toLowerCase()),
    );
    const byId = (body.repository_ids ?? []).map((id) => all.find((r) => r.id === id));
    if ([...byName, ...byId].some((r) => r === undefined))
      return {
        status: 422,
        body: errorBody(
          422,
          'There is at least one repository that does not exist or is not accessible to the parent installation.',
        ),
      };
    selected = [...new Set([...byName, ...byId] as RepoModel[])];
  }
  const granted = ctx.state.permissions;
  const asked = body.permissions ?? granted;
  for (const [name, level] of Object.entries(asked)) {
    const has = granted[name];
    if (!has || (has === 'read' && level === 'write'))
      return {
        status: 422,
        body: errorBody(422, 'The permissions requested are not granted to this installation.'),
      };
  }
  const token = ctx.state.issueToken(
    installationId,
    asked,
    selected ? new Set(selected.map((r) => r.id)) : undefined,
  );
  const example = responseExample('apps/create-installation-access-token', 201);
  const repoExample = (example.repositories as JsonSchema[])[0]!;
  return {
    status: 201,
    body: {
      token: token.token,
      expires_at: isoSeconds(new Date(token.expiresAt)),
      permissions: token.permissions,
      repository_selection: selected ? 'selected' : 'all',
      ...(selected
        ? {
            repositories: selected.map((r) => repositoryJson(ctx, r, structuredClone(repoExample))),
          }
        : {}),
    },
  };
};

export const handlers: Record<string, Handler> = {
  'apps/create-installation-access-token': createInstallationToken,
  'checks/create': createCheckRun,
  'checks/update': updateCheckRun,
  'checks/get': getCheckRun,
  'checks/list-for-ref': listCheckRunsForRef,
  'checks/list-annotations': listAnnotations,
  'git/get-tree': getTree,
  'git/get-blob': getBlob,
  'repos/get-content': getContent,
  'repos/get-commit': getCommit,
  'repos/list-commits': listCommits,
  'repos/compare-commits-with-basehead': compare,
  'repos/get': getRepository,
};
