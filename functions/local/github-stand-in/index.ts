import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { githubSchema, runGraphQL, type GqlContext, type GraphQLRequestBody } from './graphql.js';
import { appJwtProblem } from './jwt.js';
import { errorBody, handlers, hasPermission, type RestAnswer } from './rest.js';
import { matchRoute, validateRequest, validateResponse } from './spec.js';
import { FakeState, type IssuedToken } from './state.js';
import type {
  ChaosOptions,
  FailMatcher,
  FakeCheckRun,
  FakeCommitInput,
  FakeGitHubOptions,
  FakeRepositoryInput,
  InjectedFault,
  InjectedResponse,
  RecordedRequest,
  Violation,
} from './types.js';

export { fakeSha } from './git.js';
export { schemaBuildMs } from './graphql.js';
export type * from './types.js';

/**
 * A fake api.github.com for tests, on 127.0.0.1. Point Octokit at `url` (`baseUrl`); GraphQL
 * is at `${url}/graphql`. Every REST request is routed and validated against GitHub's OpenAPI
 * description and every GraphQL query against GitHub's schema: a mismatch answers 422 (REST)
 * or GraphQL errors, and is recorded in `violations`.
 */
export interface FakeGitHub {
  /** REST base URL, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** `${url}/graphql` */
  readonly graphqlUrl: string;
  /** Every request, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Every validation failure, in arrival order. */
  readonly violations: Violation[];
  /** Check runs by id, with their current state and the state after each create/update. */
  readonly checkRuns: ReadonlyMap<number, FakeCheckRun>;
  addRepository(repository: FakeRepositoryInput): void;
  /**
   * A commit pushed later: its parent defaults to the head of `branch` (default: the default
   * branch), which then points at it.
   */
  pushCommit(owner: string, name: string, commit: FakeCommitInput, branch?: string): void;
  /** The commit a branch points at, or null when there is no such branch. */
  branchHead(owner: string, name: string, branch: string): string | null;
  /** Answers the next `times` requests that match with `response` instead. */
  failNext(matcher: FailMatcher, response: InjectedResponse, times?: number): void;
  /** Injects faults at random from now on (`rate: 0` stops). */
  chaos(options: ChaosOptions): void;
  /** Every fault injected so far, by failNext or chaos. */
  readonly faultsInjected: InjectedFault[];
  /** Installation tokens issued so far: a soak scans its logs for them. */
  issuedTokens(): string[];
  /** Throws, listing them, when any violation was recorded. */
  assertNoViolations(): void;
  /** An installation token without the JWT dance, for tests that skip `@octokit/auth-app`. */
  issueToken(options?: {
    installationId?: number;
    permissions?: Record<string, 'read' | 'write'>;
    /** Repository names the token is limited to (default: all). */
    repositories?: string[];
  }): string;
  /** Forgets recorded requests and violations (repositories, runs and tokens stay). */
  clearRecords(): void;
  close(): Promise<void>;
}

/** Builds GitHub's GraphQL schema now (it takes a few hundred ms once per process). */
export function preloadGitHubSchema(): void {
  githubSchema();
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  raw?: Buffer;
  /** No answer: the connection is dropped at once, or after this many ms. */
  drop?: 'reset' | number;
}

/** Requests to handle as usual whose answer is then dropped (a fault `afterHandling`). */
const dropAfterHandling = new WeakSet<RecordedRequest>();

interface Fault {
  matcher: FailMatcher;
  response: InjectedResponse;
  remaining: number;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function credentials(header: string | undefined): { scheme: string; value: string } | undefined {
  const found = /^(token|bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  return found ? { scheme: found[1]!.toLowerCase(), value: found[2]! } : undefined;
}

function matches(matcher: FailMatcher, request: RecordedRequest): boolean {
  if (matcher.method && matcher.method.toUpperCase() !== request.method) return false;
  if (matcher.pathIncludes && !request.path.includes(matcher.pathIncludes)) return false;
  if (matcher.operationId && matcher.operationId !== request.operationId) return false;
  if (matcher.graphql !== undefined && matcher.graphql !== (request.operationId === 'graphql'))
    return false;
  if (
    matcher.bodyIncludes !== undefined &&
    !JSON.stringify(request.body ?? null).includes(matcher.bodyIncludes)
  )
    return false;
  return true;
}

/** mulberry32: a small seeded generator, so a chaos run (or a test's data) can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function faultKind(response: InjectedResponse): string {
  if ('reset' in response) return response.afterHandling ? 'reset after handling' : 'reset';
  if ('hangMs' in response) return `hang ${response.hangMs} ms`;
  return `status ${response.status}`;
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = new FakeState(options);
  const faults: Fault[] = [];
  const faultsInjected: InjectedFault[] = [];
  let chaos: (ChaosOptions & { random: () => number }) | null = null;

  const chosenFault = (request: RecordedRequest): InjectedResponse | undefined => {
    const fault = faults.find((f) => matches(f.matcher, request));
    if (fault) {
      if (--fault.remaining <= 0) faults.splice(faults.indexOf(fault), 1);
      return fault.response;
    }
    if (!chaos || !matches(chaos.matcher ?? {}, request) || chaos.random() >= chaos.rate)
      return undefined;
    return chaos.responses[Math.floor(chaos.random() * chaos.responses.length)];
  };

  const takeFault = (
    request: RecordedRequest,
    rate: Record<string, string>,
  ): Answer | undefined => {
    const response = chosenFault(request);
    if (!response) return undefined;
    faultsInjected.push({
      method: request.method,
      path: request.path,
      operationId: request.operationId,
      kind: faultKind(response),
    });
    if ('reset' in response && response.afterHandling) {
      dropAfterHandling.add(request);
      return undefined;
    }
    if ('reset' in response) return { status: 0, headers: {}, drop: 'reset' };
    if ('hangMs' in response) return { status: 0, headers: {}, drop: response.hangMs };
    const { status, headers = {}, body } = response;
    return {
      status,
      headers: { ...rate, ...headers },
      body: body === undefined ? errorBody(status, STATUS_CODES[status] ?? 'Error') : body,
    };
  };

  const validToken = (auth: { value: string } | undefined): IssuedToken | undefined => {
    const token = auth ? state.tokens.get(auth.value) : undefined;
    return token && token.expiresAt > Date.now() ? token : undefined;
  };

  const rest = (
    record: RecordedRequest,
    req: IncomingMessage,
    url: URL,
    body: unknown,
    bodyProblem: string | undefined,
    bodyPresent: boolean,
  ): Answer => {
    const auth = credentials(req.headers.authorization);
    const rate = state.countRequest('core', auth?.value ?? 'anonymous', auth !== undefined);
    const match = matchRoute(record.method, url.pathname);
    if (match.kind !== 'match') {
      state.violation(
        'route',
        record,
        `${record.method} ${record.path} is not an operation of GitHub's REST API` +
          (match.kind === 'wrong-method' ? ` (that path takes ${match.allowed.join(', ')})` : ''),
      );
      return (
        takeFault(record, rate.headers) ?? {
          status: 404,
          headers: rate.headers,
          body: errorBody(404, 'Not Found'),
        }
      );
    }
    const operationId = match.route.operation.operationId;
    record.operationId = operationId;
    const params: Record<string, unknown> = { ...match.params };
    const query: Record<string, unknown> = { ...record.query };
    const problems = bodyProblem
      ? [{ kind: 'body' as const, message: bodyProblem }]
      : validateRequest(match.route, { params, query, body, bodyPresent });
    for (const problem of problems) state.violation(problem.kind, record, problem.message);

    const fault = takeFault(record, rate.headers);
    if (fault) return fault;
    if (problems.length > 0)
      return {
        status: 422,
        headers: rate.headers,
        body: errorBody(422, `Invalid request.\n\n${problems.map((p) => p.message).join('\n')}`),
      };

    let token: IssuedToken | undefined;
    if (operationId === 'apps/create-installation-access-token') {
      const problem =
        auth?.scheme === 'bearer'
          ? appJwtProblem(auth.value, {
              appId: state.appId,
              publicKey: state.publicKey,
              nowSeconds: Math.floor(Date.now() / 1000),
            })
          : 'A JSON web token could not be decoded';
      if (problem) return { status: 401, headers: rate.headers, body: errorBody(401, problem) };
    } else {
      token = validToken(auth);
      if (!token)
        return {
          status: 401,
          headers: rate.headers,
          body: errorBody(401, auth ? 'Bad credentials' : 'Requires authentication'),
        };
      if (rate.exceeded)
        return {
          status: 403,
          headers: rate.headers,
          body: errorBody(
            403,
            `API rate limit exceeded for installation ID ${token.installationId}.`,
          ),
        };
      if (!hasPermission(token, operationId))
        return {
          status: 403,
          headers: rate.headers,
          body: errorBody(403, 'Resource not accessible by integration'),
        };
    }

    const handler = handlers[operationId];
    if (!handler) {
      state.violation(
        'unimplemented',
        record,
        `the GitHub stand-in does not implement ${operationId}`,
      );
      return {
        status: 501,
        headers: rate.headers,
        body: errorBody(501, `the GitHub stand-in does not implement ${operationId}`),
      };
    }
    const answer: RestAnswer = handler({
      state,
      operationId,
      params,
      query,
      body,
      token,
      accept: req.headers.accept ?? '',
      self: url,
      semantic: (message) => state.violation('semantics', record, message),
      unimplemented: (message) => state.violation('unimplemented', record, message),
    });
    if (state.validateResponses && answer.raw === undefined)
      for (const message of validateResponse(match.route, answer.status, answer.body))
        state.violation('response', record, `fake-github answered off-spec: ${message}`);
    return {
      status: answer.status,
      headers: { ...rate.headers, ...answer.headers },
      body: answer.body,
      raw: answer.raw,
    };
  };

  const graphql = (
    record: RecordedRequest,
    req: IncomingMessage,
    body: unknown,
    bodyProblem: string | undefined,
  ): Answer => {
    record.operationId = 'graphql';
    const auth = credentials(req.headers.authorization);
    const rate = state.countRequest('graphql', auth?.value ?? 'anonymous', auth !== undefined);
    const request = body as Partial<GraphQLRequestBody> | undefined;
    const shapeProblem =
      bodyProblem ??
      (typeof request?.query !== 'string'
        ? 'a GraphQL request is a JSON object with a "query" string'
        : request.variables !== undefined &&
            request.variables !== null &&
            (typeof request.variables !== 'object' || Array.isArray(request.variables))
          ? '"variables" must be a JSON object'
          : undefined);
    if (shapeProblem) state.violation('graphql', record, shapeProblem);
    const fault = takeFault(record, rate.headers);
    if (fault) return fault;
    if (shapeProblem)
      return { status: 400, headers: rate.headers, body: errorBody(400, 'Problems parsing JSON') };
    const token = validToken(auth);
    if (!token)
      return {
        status: 401,
        headers: rate.headers,
        body: errorBody(401, 'This endpoint requires you to be authenticated.'),
      };
    if (rate.exceeded)
      return {
        status: 200,
        headers: rate.headers,
        body: {
          errors: [
            {
              type: 'RATE_LIMITED',
              message: `API rate limit exceeded for installation ID ${token.installationId}.`,
            },
          ],
        },
      };
    const h = rate.headers;
    const g: GqlContext = {
      state,
      token,
      rate: {
        limit: Number(h['x-ratelimit-limit']),
        remaining: Number(h['x-ratelimit-remaining']),
        used: Number(h['x-ratelimit-used']),
        reset: Number(h['x-ratelimit-reset']),
      },
      unimplemented: (what) =>
        state.violation(
          'unimplemented',
          record,
          `the GitHub stand-in does not resolve GraphQL ${what}`,
        ),
      misuse: (message) => state.violation('graphql', record, message),
    };
    const outcome = runGraphQL(g, request as GraphQLRequestBody);
    for (const message of outcome.invalid) state.violation('graphql', record, message);
    return { status: 200, headers: rate.headers, body: outcome.body };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const record: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: safeDecode(url.pathname),
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      operationId: null,
      status: 0,
      headers,
    };
    state.requests.push(record);
    const bodyPresent = raw.length > 0;
    let bodyProblem: string | undefined;
    if (bodyPresent) {
      try {
        record.body = JSON.parse(raw.toString('utf8'));
      } catch {
        bodyProblem = 'the request body is not JSON';
      }
    }
    let answer: Answer;
    try {
      answer =
        record.method === 'POST' && url.pathname === '/graphql'
          ? graphql(record, req, record.body, bodyProblem)
          : rest(record, req, url, record.body, bodyProblem, bodyPresent);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      state.violation('unimplemented', record, `fake-github failed: ${message}`);
      answer = { status: 500, headers: {}, body: errorBody(500, 'fake-github failed') };
    }
    record.status = answer.status;
    if (answer.drop === 'reset' || dropAfterHandling.has(record)) {
      res.socket?.destroy();
      return;
    }
    if (answer.drop !== undefined) {
      const socket = res.socket;
      setTimeout(() => socket?.destroy(), answer.drop).unref();
      return;
    }
    const out: Record<string, string> = {
      'x-github-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-github-api-version-selected': '2022-11-28',
      ...answer.headers,
    };
    if (answer.raw !== undefined) {
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...out });
      res.end(answer.raw);
    } else if (answer.body === undefined || answer.status === 204 || answer.status === 304) {
      res.writeHead(answer.status, out);
      res.end();
    } else {
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...out });
      res.end(JSON.stringify(answer.body));
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: state.baseUrl,
    graphqlUrl: `${state.baseUrl}/graphql`,
    requests: state.requests,
    violations: state.violations,
    checkRuns: state.checkRuns,
    faultsInjected,
    addRepository: (repository) => void state.addRepository(repository),
    pushCommit(owner, name, commit, branch) {
      const repo = state.repo(owner, name);
      if (!repo) throw new Error(`github-stand-in: no repository ${owner}/${name}`);
      const onto = branch ?? repo.defaultBranch;
      const tip = repo.branches.get(onto) ?? repo.branches.get(repo.defaultBranch);
      repo.addCommit(commit, { parents: tip ? [tip] : [], date: new Date() });
      repo.branches.set(onto, commit.sha);
    },
    branchHead: (owner, name, branch) => state.repo(owner, name)?.branches.get(branch) ?? null,
    chaos(chaosOptions) {
      chaos =
        chaosOptions.rate > 0 ? { ...chaosOptions, random: seededRandom(chaosOptions.seed) } : null;
    },
    issuedTokens: () => [...state.tokens.keys()],
    failNext(matcher, response, times = 1) {
      if (!(times >= 1)) throw new Error('github-stand-in: failNext needs times >= 1');
      faults.push({ matcher, response, remaining: times });
    },
    assertNoViolations() {
      if (state.violations.length === 0) return;
      const lines = state.violations.map(
        (v) =>
          `- [${v.kind}] ${v.method} ${v.path} (${v.operationId ?? 'no operation'}): ${v.message}`,
      );
      throw new Error(
        `fake GitHub recorded ${state.violations.length} violation(s):\n${lines.join('\n')}`,
      );
    },
    issueToken(tokenOptions = {}) {
      let ids: Set<number> | undefined;
      if (tokenOptions.repositories) {
        ids = new Set();
        for (const name of tokenOptions.repositories) {
          const repo = [...state.repos.values()].find(
            (r) =>
              r.name.toLowerCase() === name.toLowerCase() ||
              r.fullName.toLowerCase() === name.toLowerCase(),
          );
          if (!repo) throw new Error(`github-stand-in: no repository ${name}`);
          ids.add(repo.id);
        }
      }
      return state.issueToken(tokenOptions.installationId ?? 1, tokenOptions.permissions, ids)
        .token;
    },
    clearRecords() {
      state.requests.length = 0;
      state.violations.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The same server as the local demo's GitHub: it serves a folder as a repository. */
export { startFakeGitHub as startGitHubStandIn };
export type GitHubStandIn = FakeGitHub;
