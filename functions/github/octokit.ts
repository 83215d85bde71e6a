import { Octokit } from '@octokit/rest';
import { createAppAuth } from '@octokit/auth-app';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import Bottleneck from 'bottleneck/light.js';
import { RetryLaterError } from './retry-later.js';

/** Octokit with GitHub's recommended throttling (rate limits waited out) and retries of 5xx. */
const GitHubClient = Octokit.plugin(throttling, retry);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export interface GitHubAppCredentials {
  appId: string;
  privateKey: string;
}

export interface ClientOptions {
  baseUrl: string;
  credentials: GitHubAppCredentials;
  installationId: number;
  /** Epoch ms by which the job must be done (the Lambda's deadline less a margin). */
  deadline: () => number;
  /**
   * Milliseconds in one second of a server's `retry-after`, and the pause between writes
   * (GitHub asks for one second between content-creating requests). Tests shrink both.
   */
  secondMs?: number;
  /** How long one request may take before it is abandoned (and retried). Default 20 s. */
  requestTimeoutMs?: number;
}

/**
 * fetch with a time limit: GitHub gives up on a request after 10 seconds itself, and a
 * connection that stalls would otherwise hold the job until the Lambda is killed, leaving its
 * check run in progress. The abort surfaces as a status-500 RequestError, which is retried.
 */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

/**
 * Installation tokens live an hour: a warm function reuses them across jobs (one call saved).
 * auth-app does not check a cached token's expiry itself, so entries are dropped five minutes
 * before it (the cached value is `token|createdAt|expiresAt|…`).
 */
const tokenCache = new Map<string, string>();
const EXPIRY_MARGIN_MS = 5 * 60_000;
export const installationTokenCache = {
  get: (key: string): string | undefined => {
    const value = tokenCache.get(key);
    const expiresAt = Date.parse(value?.split('|')[2] ?? '');
    if (value !== undefined && !(expiresAt - EXPIRY_MARGIN_MS > Date.now())) {
      tokenCache.delete(key);
      return undefined;
    }
    return value;
  },
  set: (key: string, value: string) => void tokenCache.set(key, value),
};

/**
 * The cache as one GitHub and App see it: auth-app keys entries by installation alone, and a
 * process that talks to two (a test's fake GitHub after another's) must not hand one's token
 * to the other.
 */
function tokenCacheFor(baseUrl: string, appId: string): typeof installationTokenCache {
  const scope = `${baseUrl} ${appId} `;
  return {
    get: (key) => installationTokenCache.get(scope + key),
    set: (key, value) => installationTokenCache.set(scope + key, value),
  };
}

const RATE_LIMIT_STATUSES = new Set([403, 429]);

interface RequestErrorLike {
  status?: number;
  response?: { headers?: Record<string, string | undefined> };
}

/** Seconds a rate-limited answer asks us to wait, or undefined when it is not a rate limit. */
function rateLimitWait(error: RequestErrorLike, nowMs: number): number | undefined {
  if (!error.status || !RATE_LIMIT_STATUSES.has(error.status)) return undefined;
  const headers = error.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && headers['retry-after'] !== undefined) return retryAfter;
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']) * 1000;
    return Math.max(Math.ceil((reset - nowMs) / 1000) + 1, 0);
  }
  return undefined;
}

/** An Octokit authenticated as the App's installation, bounded by the job's deadline. */
export function createInstallationClient(options: ClientOptions): GitHubClient {
  const secondMs = options.secondMs ?? 1000;
  const fitsDeadline = (seconds: number): boolean =>
    Date.now() + seconds * secondMs < options.deadline();
  const octokit = new GitHubClient({
    baseUrl: options.baseUrl,
    authStrategy: createAppAuth,
    auth: {
      appId: options.credentials.appId,
      privateKey: options.credentials.privateKey,
      installationId: options.installationId,
      cache: tokenCacheFor(options.baseUrl, options.credentials.appId),
    },
    userAgent: 'policy-checker',
    request: { fetch: fetchWithTimeout(options.requestTimeoutMs ?? 20_000) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    throttle: {
      retryAfterBaseValue: secondMs,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: secondMs }),
      // Wait out a limit only when the wait fits in the time the function has left.
      onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
        retryCount < 3 && fitsDeadline(retryAfter),
      onSecondaryRateLimit: (
        retryAfter: number,
        _options: unknown,
        _octokit: unknown,
        retryCount: number,
      ) => retryCount < 3 && fitsDeadline(retryAfter),
    },
    // 429 is a rate limit, not a failure: the wrapper below honours its retry-after.
    retry: { retryAfterBaseValue: secondMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
  });
  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = rateLimitWait(error as RequestErrorLike, Date.now());
        if (wait === undefined) throw error;
        if (attempt < 3 && fitsDeadline(wait)) {
          await new Promise((resolve) => setTimeout(resolve, wait * secondMs));
          continue;
        }
        throw new RetryLaterError(
          Math.max(wait, 1),
          `GitHub rate limit (HTTP ${(error as RequestErrorLike).status})`,
        );
      }
    }
  });
  return octokit;
}
