import { readFileSync } from 'node:fs';
import {
  buildSchema,
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { lineDiff } from './diff.js';
import {
  fakeSha,
  isBinary,
  isoSeconds,
  lineCount,
  type BlobObject,
  type CommitModel,
  type RepoModel,
  type TreeEntry,
  type TreeObject,
} from './git.js';
import type { FakeState, IssuedToken } from './state.js';

/**
 * GitHub's GraphQL API over the fake's repositories: every query is parsed and validated
 * against GitHub's public schema (`@octokit/graphql-schema`) and executed against that same
 * schema, with resolvers for the repository, commit, tree, blob and blame fields. A field the
 * fake does not resolve is an error and an `unimplemented` violation, never a silent null.
 */

let schemaCache: { schema: GraphQLSchema; buildMs: number } | undefined;

/** GitHub's schema, built once per process (a few hundred milliseconds). */
export function githubSchema(): GraphQLSchema {
  if (!schemaCache) {
    const started = performance.now();
    const sdl = readFileSync(
      new URL('./schema.graphql', import.meta.resolve('@octokit/graphql-schema')),
      'utf8',
    );
    // The published SDL declares two EnterpriseOwnerInfo fields twice (an artefact of how it
    // is dumped); the schema itself is valid, so the SDL-level check is skipped.
    const schema = buildSchema(sdl, { assumeValidSDL: true });
    schemaCache = { schema, buildMs: performance.now() - started };
  }
  return schemaCache.schema;
}

/** How long building the schema took in this process (0 before the first build). */
export function schemaBuildMs(): number {
  return schemaCache?.buildMs ?? 0;
}

interface ParsedQuery {
  document: DocumentNode | undefined;
  errors: readonly GraphQLError[];
}

/** Queries repeat (the same text with other variables): parse and validate each text once. */
const parsedQueries = new Map<string, ParsedQuery>();

function parseAndValidate(query: string): ParsedQuery {
  const cached = parsedQueries.get(query);
  if (cached) return cached;
  let parsed: ParsedQuery;
  try {
    const document = parse(query);
    parsed = { document, errors: validate(githubSchema(), document) };
  } catch (error) {
    parsed = {
      document: undefined,
      errors: [error instanceof GraphQLError ? error : new GraphQLError(String(error))],
    };
  }
  if (parsedQueries.size > 500) parsedQueries.clear();
  parsedQueries.set(query, parsed);
  return parsed;
}

export interface GqlContext {
  state: FakeState;
  token: IssuedToken;
  rate: { limit: number; remaining: number; used: number; reset: number };
  /** The fake does not resolve this field. */
  unimplemented(what: string): void;
  /** The query breaks a rule GitHub enforces beyond the schema (pagination limits). */
  misuse(message: string): void;
}

type Obj = Record<string, unknown>;
type Args = Record<string, unknown>;

const fieldResolver: GraphQLFieldResolver<unknown, GqlContext> = (source, args, context, info) => {
  if (source !== null && typeof source === 'object' && info.fieldName in source) {
    const value = (source as Obj)[info.fieldName];
    return typeof value === 'function' ? (value as (a: Args) => unknown)(args) : value;
  }
  const what = `${info.parentType.name}.${info.fieldName}`;
  context.unimplemented(what);
  throw new GraphQLError(`the GitHub stand-in does not implement ${what}`);
};

function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type: 'NOT_FOUND' } });
}

function nodeId(kind: string, id: string | number): string {
  return Buffer.from(`${kind}:${id}`).toString('base64');
}

function actor(date: string): Obj {
  return {
    __typename: 'GitActor',
    name: 'Monalisa Octocat',
    email: 'mona@github.com',
    date,
    user: null,
    avatarUrl: () => 'https://avatars.githubusercontent.com/u/583231',
  };
}

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** A GitHub connection: `first` or `last` is required and at most 100, as GitHub insists. */
function connection(g: GqlContext, field: string, items: unknown[], args: ConnectionArgs): Obj {
  const { first, last, after, before } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    const message = `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`;
    g.misuse(message);
    throw new GraphQLError(message);
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const)
    if (typeof value === 'number' && (value < 0 || value > 100)) {
      const message = `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of 100 records.`;
      g.misuse(message);
      throw new GraphQLError(message);
    }
  const cursor = (index: number): string => Buffer.from(`cursor:${index}`).toString('base64');
  const index = (c: string): number =>
    Number(
      Buffer.from(c, 'base64')
        .toString('utf8')
        .replace(/^cursor:/, ''),
    );
  let start = after ? index(after) + 1 : 0;
  let end = before ? index(before) : items.length;
  if (typeof first === 'number') end = Math.min(end, start + first);
  if (typeof last === 'number') start = Math.max(start, end - last);
  const slice = items.slice(start, end).map((node, i) => ({ cursor: cursor(start + i), node }));
  return {
    totalCount: items.length,
    nodes: slice.map((edge) => edge.node),
    edges: slice,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: slice[0]?.cursor ?? null,
      endCursor: slice[slice.length - 1]?.cursor ?? null,
    },
  };
}

/** Up to `limit` bytes of UTF-8, cut before a partial character. */
function cutUtf8(data: Buffer, limit: number): string {
  let end = limit;
  while (end > 0 && ((data[end] ?? 0) & 0xc0) === 0x80) end--;
  return data.subarray(0, end).toString('utf8');
}

function blobObject(g: GqlContext, repo: RepoModel, blob: BlobObject): Obj {
  const binary = isBinary(blob.data);
  const truncated = !binary && blob.data.length > g.state.blobTextLimitBytes;
  return {
    __typename: 'Blob',
    id: nodeId('Blob', blob.sha),
    oid: blob.sha,
    abbreviatedOid: blob.sha.slice(0, 7),
    byteSize: blob.data.length,
    isBinary: binary,
    isTruncated: truncated,
    text: binary
      ? null
      : truncated
        ? cutUtf8(blob.data, g.state.blobTextLimitBytes)
        : blob.data.toString('utf8'),
    repository: () => repositoryObject(g, repo),
  };
}

function treeEntryObject(g: GqlContext, repo: RepoModel, entry: TreeEntry, path: string): Obj {
  const blob = entry.type === 'blob' ? repo.blob(entry.sha) : undefined;
  const dot = entry.name.lastIndexOf('.');
  return {
    __typename: 'TreeEntry',
    name: entry.name,
    nameRaw: Buffer.from(entry.name).toString('base64'),
    path,
    pathRaw: Buffer.from(path).toString('base64'),
    oid: entry.sha,
    type: entry.type,
    mode: entry.type === 'tree' ? 0o40000 : 0o100644,
    size: blob?.data.length ?? 0,
    extension: entry.type === 'blob' && dot > 0 ? entry.name.slice(dot) : null,
    isGenerated: false,
    language: null,
    submodule: null,
    lineCount: blob && !isBinary(blob.data) ? lineCount(blob.data) : null,
    object: () => {
      if (blob) return blobObject(g, repo, blob);
      const tree = repo.tree(entry.sha);
      return tree ? treeObject(g, repo, tree, path) : null;
    },
    repository: () => repositoryObject(g, repo),
  };
}

function treeObject(g: GqlContext, repo: RepoModel, tree: TreeObject, path: string): Obj {
  return {
    __typename: 'Tree',
    id: nodeId('Tree', tree.sha),
    oid: tree.sha,
    abbreviatedOid: tree.sha.slice(0, 7),
    entries: tree.entries.map((entry) =>
      treeEntryObject(g, repo, entry, path ? `${path}/${entry.name}` : entry.name),
    ),
    repository: () => repositoryObject(g, repo),
  };
}

const DAY_MS = 86_400_000;

/** A commit that exists only as the author of blamed lines: dates and ids, no tree. */
function blamedCommit(g: GqlContext, repo: RepoModel, oid: string, date: string): Obj {
  return {
    __typename: 'Commit',
    id: nodeId('Commit', oid),
    oid,
    abbreviatedOid: oid.slice(0, 7),
    committedDate: date,
    authoredDate: date,
    message: 'An earlier change',
    messageHeadline: 'An earlier change',
    messageBody: '',
    url: `https://github.com/${repo.fullName}/commit/${oid}`,
    author: actor(date),
    committer: actor(date),
    repository: () => repositoryObject(g, repo),
  };
}

function blameObject(g: GqlContext, repo: RepoModel, commit: CommitModel, path: string): Obj {
  const sha = commit.files.get(path);
  if (!sha) throw notFound(`Could not resolve file for path '${path}'.`);
  const lines = lineCount(repo.blob(sha)!.data);
  const ranges =
    commit.blame.get(path) ??
    (lines > 0 ? [{ startingLine: 1, endingLine: lines, ageDays: 0 }] : []);
  const ages = ranges.map((r) => r.ageDays);
  const min = Math.min(...ages);
  const max = Math.max(...ages);
  return {
    __typename: 'Blame',
    ranges: ranges.map((range) => ({
      __typename: 'BlameRange',
      startingLine: range.startingLine,
      endingLine: range.endingLine,
      // GitHub's age is relative, 1 (newest in the file) to 10 (oldest).
      age: max === min ? 1 : 1 + Math.round((9 * (range.ageDays - min)) / (max - min)),
      commit:
        range.ageDays === 0
          ? commitObject(g, repo, commit)
          : blamedCommit(
              g,
              repo,
              fakeSha(`${commit.sha}:${path}:${range.startingLine}`),
              isoSeconds(new Date(Date.parse(commit.date) - range.ageDays * DAY_MS)),
            ),
    })),
  };
}

function commitObject(g: GqlContext, repo: RepoModel, commit: CommitModel): Obj {
  const html = `https://github.com/${repo.fullName}`;
  const [headline = '', ...rest] = commit.message.split('\n');
  const changes = (): ReturnType<RepoModel['changes']> =>
    repo.changes(repo.commits.get(commit.parents[0] ?? ''), commit);
  const lineCounts = (): { additions: number; deletions: number } =>
    changes().reduce(
      (sum, change) => {
        if ([change.before, change.after].some((b) => b && isBinary(b.data))) return sum;
        const diff = lineDiff(
          change.before?.data.toString('utf8') ?? '',
          change.after?.data.toString('utf8') ?? '',
        );
        return {
          additions: sum.additions + diff.additions,
          deletions: sum.deletions + diff.deletions,
        };
      },
      { additions: 0, deletions: 0 },
    );
  return {
    __typename: 'Commit',
    id: nodeId('Commit', commit.sha),
    oid: commit.sha,
    abbreviatedOid: commit.sha.slice(0, 7),
    committedDate: commit.date,
    authoredDate: commit.date,
    pushedDate: null,
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').trim(),
    url: `${html}/commit/${commit.sha}`,
    commitUrl: `${html}/commit/${commit.sha}`,
    resourcePath: `/${repo.fullName}/commit/${commit.sha}`,
    commitResourcePath: `/${repo.fullName}/commit/${commit.sha}`,
    treeUrl: `${html}/tree/${commit.sha}`,
    treeResourcePath: `/${repo.fullName}/tree/${commit.sha}`,
    zipballUrl: `${html}/archive/${commit.sha}.zip`,
    tarballUrl: `${html}/archive/${commit.sha}.tar.gz`,
    author: actor(commit.date),
    committer: actor(commit.date),
    authoredByCommitter: true,
    committedViaWeb: false,
    signature: null,
    changedFilesIfAvailable: () => changes().length,
    changedFiles: () => changes().length,
    additions: () => lineCounts().additions,
    deletions: () => lineCounts().deletions,
    tree: () => treeObject(g, repo, repo.tree(commit.treeSha)!, ''),
    parents: (args: ConnectionArgs) =>
      connection(
        g,
        'parents',
        commit.parents.map((sha) => commitObject(g, repo, repo.commits.get(sha)!)),
        args,
      ),
    history: (args: ConnectionArgs & { path?: string; since?: string; until?: string }) => {
      const since = args.since ? Date.parse(args.since) : -Infinity;
      const until = args.until ? Date.parse(args.until) : Infinity;
      const path = args.path?.replace(/\/+$/, '');
      const commits = [...repo.ancestors(commit.sha)]
        .map((sha) => repo.commits.get(sha)!)
        .sort((a, b) => b.index - a.index)
        .filter((c) => Date.parse(c.date) >= since && Date.parse(c.date) <= until)
        .filter(
          (c) =>
            path === undefined ||
            repo
              .changes(repo.commits.get(c.parents[0] ?? ''), c)
              .some((change) => change.path === path || change.path.startsWith(`${path}/`)),
        );
      return connection(
        g,
        'history',
        commits.map((c) => commitObject(g, repo, c)),
        args,
      );
    },
    blame: ({ path }: { path: string }) => blameObject(g, repo, commit, path),
    file: ({ path }: { path: string }) => {
      const clean = path.replace(/^\/+|\/+$/g, '');
      const object = repo.entryAt(commit, clean);
      if (!object || clean === '') return null;
      const name = clean.split('/').pop()!;
      return treeEntryObject(
        g,
        repo,
        {
          name,
          mode: object.type === 'tree' ? '040000' : '100644',
          type: object.type,
          sha: object.sha,
        },
        clean,
      );
    },
    repository: () => repositoryObject(g, repo),
  };
}

/** `object(expression: "<rev>")` or `"<rev>:<path>"`, or `object(oid:)`: null when absent. */
function objectAt(
  g: GqlContext,
  repo: RepoModel,
  args: { expression?: string; oid?: string },
): Obj | null {
  if (args.oid !== undefined && args.oid !== null) {
    const commit = repo.commits.get(args.oid);
    if (commit) return commitObject(g, repo, commit);
    const blob = repo.blob(args.oid);
    if (blob) return blobObject(g, repo, blob);
    const tree = repo.tree(args.oid);
    return tree ? treeObject(g, repo, tree, '') : null;
  }
  const expression = args.expression ?? '';
  const colon = expression.indexOf(':');
  const rev = colon >= 0 ? expression.slice(0, colon) : expression;
  const commit = repo.resolveCommit(rev);
  if (colon < 0) {
    if (commit) return commitObject(g, repo, commit);
    const blob = repo.blob(rev);
    if (blob) return blobObject(g, repo, blob);
    const tree = repo.tree(rev);
    return tree ? treeObject(g, repo, tree, '') : null;
  }
  if (!commit) return null;
  const path = expression.slice(colon + 1).replace(/^\/+|\/+$/g, '');
  const object = repo.entryAt(commit, path);
  if (!object) return null;
  return object.type === 'blob' ? blobObject(g, repo, object) : treeObject(g, repo, object, path);
}

function refObject(g: GqlContext, repo: RepoModel, branch: string): Obj | null {
  const sha = repo.branches.get(branch);
  if (!sha) return null;
  return {
    __typename: 'Ref',
    id: nodeId('Ref', `${repo.fullName}:${branch}`),
    name: branch,
    prefix: 'refs/heads/',
    target: () => commitObject(g, repo, repo.commits.get(sha)!),
    repository: () => repositoryObject(g, repo),
  };
}

function repositoryObject(g: GqlContext, repo: RepoModel): Obj {
  const html = `https://github.com/${repo.fullName}`;
  return {
    __typename: 'Repository',
    id: nodeId('Repository', repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    url: html,
    resourcePath: `/${repo.fullName}`,
    description: null,
    homepageUrl: null,
    isPrivate: repo.private,
    isArchived: false,
    isDisabled: false,
    isEmpty: false,
    isFork: false,
    isLocked: false,
    isMirror: false,
    isTemplate: false,
    visibility: repo.private ? 'PRIVATE' : 'PUBLIC',
    createdAt: repo.createdAt,
    pushedAt: repo.head.date,
    updatedAt: repo.head.date,
    owner: {
      __typename: 'User',
      id: nodeId('User', repo.owner),
      login: repo.owner,
      url: `https://github.com/${repo.owner}`,
      resourcePath: `/${repo.owner}`,
    },
    defaultBranchRef: () => refObject(g, repo, repo.defaultBranch),
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refObject(g, repo, qualifiedName.replace(/^refs\/heads\//, '')),
    object: (args: { expression?: string; oid?: string }) => objectAt(g, repo, args),
  };
}

function root(g: GqlContext): Obj {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = g.state.visibleRepo(g.token, owner, name);
      if (!repo)
        throw notFound(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryObject(g, repo);
    },
    rateLimit: () => ({
      __typename: 'RateLimit',
      cost: 1,
      limit: g.rate.limit,
      nodeCount: 1,
      remaining: g.rate.remaining,
      used: g.rate.used,
      resetAt: isoSeconds(new Date(g.rate.reset * 1000)),
    }),
  };
}

/** GitHub's error shape: `type` at the top level where it has one (NOT_FOUND). */
function errorJson(error: GraphQLError): Obj {
  const { extensions, ...rest } = error.toJSON();
  const type = extensions?.type;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    ...rest,
    ...(extensions && typeof type !== 'string' ? { extensions } : {}),
  };
}

export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphQLOutcome {
  body: Obj;
  /** Why the request itself is wrong (syntax, schema, variables); empty when it ran. */
  invalid: string[];
}

export function runGraphQL(g: GqlContext, request: GraphQLRequestBody): GraphQLOutcome {
  const parsed = parseAndValidate(request.query);
  if (!parsed.document || parsed.errors.length > 0)
    return {
      body: { errors: parsed.errors.map(errorJson) },
      invalid: parsed.errors.map((e) => e.message),
    };
  const result = execute({
    schema: githubSchema(),
    document: parsed.document,
    rootValue: root(g),
    contextValue: g,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    fieldResolver,
  });
  if (result instanceof Promise) throw new Error('github-stand-in: resolvers are synchronous');
  const errors = (result.errors ?? []).map(errorJson);
  if (result.data === undefined)
    return { body: { errors }, invalid: (result.errors ?? []).map((e) => e.message) };
  return { body: { data: result.data, ...(errors.length > 0 ? { errors } : {}) }, invalid: [] };
}
