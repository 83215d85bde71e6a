import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { RepoModel } from './git.js';
import { publicKeyFrom } from './jwt.js';
import type {
  FakeCheckRun,
  FakeGitHubOptions,
  FakeRepositoryInput,
  RecordedRequest,
  Violation,
  ViolationKind,
} from './types.js';

export interface IssuedToken {
  token: string;
  installationId: number;
  expiresAt: number;
  permissions: Record<string, string>;
  /** Repositories the token may see (ids); undefined for all the installation's. */
  repositoryIds: Set<number> | undefined;
}

export interface RateBucket {
  limit: number;
  used: number;
  reset: number;
}

export const DEFAULT_PERMISSIONS: Record<string, 'read' | 'write'> = {
  checks: 'write',
  contents: 'read',
  metadata: 'read',
  pull_requests: 'read',
};

/** Everything the fake knows and remembers; shared by the REST and GraphQL sides. */
export class FakeState {
  baseUrl = '';
  readonly appId: number;
  readonly publicKey: KeyObject | undefined;
  readonly installationIds: Set<number> | undefined;
  readonly permissions: Record<string, 'read' | 'write'>;
  readonly rateLimit: number;
  readonly blobTextLimitBytes: number;
  readonly validateResponses: boolean;
  readonly repos = new Map<string, RepoModel>();
  readonly checkRuns = new Map<number, FakeCheckRun>();
  readonly checkSuites = new Map<string, number>();
  readonly tokens = new Map<string, IssuedToken>();
  readonly buckets = new Map<string, RateBucket>();
  readonly requests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  nextCheckRunId = 1;
  nextCheckSuiteId = 1;

  constructor(options: FakeGitHubOptions) {
    this.appId = options.appId ?? 1;
    this.publicKey = publicKeyFrom(options.appPublicKeyPem);
    this.installationIds = options.installationIds ? new Set(options.installationIds) : undefined;
    this.permissions = { ...(options.permissions ?? DEFAULT_PERMISSIONS) };
    this.rateLimit = options.rateLimit ?? 5000;
    this.blobTextLimitBytes = options.blobTextLimitBytes ?? 512_000;
    this.validateResponses = options.validateResponses ?? true;
  }

  addRepository(input: FakeRepositoryInput): RepoModel {
    const repo = new RepoModel(input);
    const key = repo.fullName.toLowerCase();
    if (this.repos.has(key)) throw new Error(`github-stand-in: ${repo.fullName} was added twice`);
    this.repos.set(key, repo);
    return repo;
  }

  /** GitHub matches owner and name without regard to case. */
  repo(owner: string, name: string): RepoModel | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The repository if this token may see it. */
  visibleRepo(token: IssuedToken | undefined, owner: string, name: string): RepoModel | undefined {
    const repo = this.repo(owner, name);
    if (!repo || !token) return undefined;
    if (token.repositoryIds && !token.repositoryIds.has(repo.id)) return undefined;
    return repo;
  }

  issueToken(
    installationId: number,
    permissions: Record<string, string> = this.permissions,
    repositoryIds?: Set<number>,
  ): IssuedToken {
    const token: IssuedToken = {
      token: `ghs_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`,
      installationId,
      expiresAt: Date.now() + 3_600_000,
      permissions: { ...permissions },
      repositoryIds,
    };
    this.tokens.set(token.token, token);
    return token;
  }

  violation(
    kind: ViolationKind,
    request: Pick<RecordedRequest, 'method' | 'path' | 'operationId'>,
    message: string,
  ): void {
    this.violations.push({
      kind,
      method: request.method,
      path: request.path,
      operationId: request.operationId,
      message,
    });
  }

  /** Counts one request against its bucket; the x-ratelimit-* headers GitHub sends. */
  countRequest(
    resource: 'core' | 'graphql',
    who: string,
    authenticated: boolean,
  ): { headers: Record<string, string>; exceeded: boolean } {
    const key = `${resource} ${who}`;
    const now = Math.floor(Date.now() / 1000);
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.reset <= now) {
      bucket = { limit: authenticated ? this.rateLimit : 60, used: 0, reset: now + 3600 };
      this.buckets.set(key, bucket);
    }
    const exceeded = bucket.used >= bucket.limit;
    if (!exceeded) bucket.used++;
    return {
      exceeded,
      headers: {
        'x-ratelimit-limit': String(bucket.limit),
        'x-ratelimit-remaining': String(bucket.limit - bucket.used),
        'x-ratelimit-reset': String(bucket.reset),
        'x-ratelimit-used': String(bucket.used),
        'x-ratelimit-resource': resource,
      },
    };
  }
}
