/** Public shapes of the fake GitHub server: what tests pass in and what they read back. */

export interface FakeBlameRange {
  startingLine: number;
  endingLine: number;
  /** Days between the commit's `date` and the (synthetic) commit that last changed these lines. */
  ageDays: number;
}

export interface FakeCommitInput {
  /** 40 lowercase hex digits (see `fakeSha`). */
  sha: string;
  /** The commit's whole tree: path → content (a string is UTF-8). */
  files: Record<string, string | Uint8Array>;
  /** Defaults to the previous commit of the list (none for the first). Parents come first. */
  parents?: string[];
  /** ISO 8601 commit date; defaults to now less one minute per later commit in the list. */
  date?: string;
  message?: string;
  /** GraphQL blame per path; without it a file is one range of age 1 at this commit. */
  blame?: Record<string, FakeBlameRange[]>;
}

export interface FakeRepositoryInput {
  owner: string;
  name: string;
  id: number;
  /** Defaults to `main`; it points at the last commit listed unless `branches` says otherwise. */
  defaultBranch?: string;
  /** More branches (or a different head for the default one): branch name → commit sha. */
  branches?: Record<string, string>;
  private?: boolean;
  commits: FakeCommitInput[];
}

export interface RecordedRequest {
  method: string;
  /** Decoded path, without the query string. */
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body (GraphQL: `{ query, variables }`), or undefined. */
  body: unknown;
  /** The OpenAPI operationId, 'graphql', or null when no operation matched. */
  operationId: string | null;
  /** The answer's HTTP status (0 while the request is being answered). */
  status: number;
  headers: Record<string, string>;
}

export type ViolationKind =
  'route' | 'params' | 'query' | 'body' | 'semantics' | 'graphql' | 'unimplemented' | 'response';

export interface Violation {
  kind: ViolationKind;
  method: string;
  path: string;
  operationId: string | null;
  message: string;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunState {
  id: number;
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: {
    title: string | null;
    summary: string | null;
    text: string | null;
    /** Every annotation sent, accumulated across updates as GitHub does. */
    annotations: FakeAnnotation[];
    images: unknown[];
  };
  actions: unknown[];
}

export interface FakeCheckRun extends CheckRunState {
  /** The run's state after its create and after each update, oldest first. */
  history: CheckRunState[];
}

export interface FailMatcher {
  method?: string;
  pathIncludes?: string;
  operationId?: string;
  graphql?: boolean;
  /** Text the request's JSON body holds (`"status":"completed"`: the completing update). */
  bodyIncludes?: string;
}

/**
 * What a matched request gets instead of its answer: another status (with GitHub's error body
 * unless `body` is given), no answer at all for `hangMs` and then a dropped connection (a
 * server that stalls past the client's timeout), or the connection reset at once.
 */
export type InjectedResponse =
  | {
      status: number;
      headers?: Record<string, string>;
      /** Defaults to GitHub's `{ message, documentation_url }`. */
      body?: unknown;
    }
  | { hangMs: number }
  /** `afterHandling`: GitHub acted on the request (a run was created) and the answer was lost. */
  | { reset: true; afterHandling?: boolean };

/** Faults at random: each matching request gets one of `responses` with probability `rate`. */
export interface ChaosOptions {
  rate: number;
  /** The random sequence's seed: the same seed and requests inject the same faults. */
  seed: number;
  responses: InjectedResponse[];
  matcher?: FailMatcher;
}

/** One fault the server injected, for a test's or a soak's figures. */
export interface InjectedFault {
  method: string;
  path: string;
  operationId: string | null;
  /** `status 500`, `hang 3000 ms` or `reset`. */
  kind: string;
}

export interface FakeGitHubOptions {
  /** The App's id: the `iss` an app JWT must carry. Default 1. */
  appId?: number;
  /** When given, app JWTs must carry a valid RS256 signature by the matching private key. */
  appPublicKeyPem?: string;
  /** Installations that exist (others answer 404); default: any id. */
  installationIds?: number[];
  /** Permissions the installation grants (tokens may ask for less, not more). */
  permissions?: Record<string, 'read' | 'write'>;
  /** Requests per hour per token (REST and GraphQL each). Default 5000. */
  rateLimit?: number;
  /** GraphQL `Blob.text` is cut after this many bytes (`isTruncated`). Default 512,000. */
  blobTextLimitBytes?: number;
  /** Check the fake's own answers against the response schemas. Default true. */
  validateResponses?: boolean;
}
