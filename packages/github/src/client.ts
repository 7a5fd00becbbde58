/**
 * The one way fleetops talks to GitHub: Octokit with GitHub's recommended throttling
 * (one write at a time, a pause between writes, waiting out primary and secondary rate
 * limits as the response headers say) and bounded retries of 5xx and network errors.
 */
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';

const FleetOctokit = Octokit.plugin(retry, throttling);
export type GitHubClient = InstanceType<typeof FleetOctokit>;

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface ClientLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ClientOptions {
  token: string;
  /** REST root; GitHub Enterprise Server is `https://HOST/api/v3`. Default: api.github.com. */
  baseUrl?: string;
  userAgent?: string;
  /** Retries of a 5xx or network error, and of each rate-limited request. Default 3. */
  retries?: number;
  /**
   * Longest wait for a primary rate-limit reset that is still worth it, in seconds.
   * Default 600: a job that would wait longer fails fast and says why.
   */
  maxRateLimitWaitSeconds?: number;
  /** Milliseconds per second of Retry-After and back-off; tests shrink it. Default 1000. */
  retryAfterUnitMs?: number;
  /**
   * Pause between two writes. GitHub asks integrations to leave about a second between
   * mutating requests (and three before one that notifies people); tests shrink it.
   */
  writeIntervalMs?: number;
  notificationIntervalMs?: number;
  log?: ClientLog;
  /** An injected fetch, for tests that want to see the wire. */
  fetch?: typeof fetch;
}

export function createClient(options: ClientOptions): GitHubClient {
  const retries = options.retries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 600;
  const unit = options.retryAfterUnitMs ?? 1000;
  const log = options.log ?? silentLog;
  const id = `fleetops-${++clientCount}`;
  return new FleetOctokit({
    auth: options.token,
    baseUrl: trimSlash(options.baseUrl ?? defaultBaseUrl),
    userAgent: options.userAgent ?? 'fleetops',
    log,
    request: options.fetch ? { fetch: options.fetch } : {},
    retry: { retries, retryAfterBaseValue: unit },
    throttle: {
      id,
      retryAfterBaseValue: unit,
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
      notifications: new Bottleneck.Group({
        maxConcurrent: 1,
        minTime: options.notificationIntervalMs ?? 3000,
      }),
      onRateLimit: (after: number, request: RequestInfo, _octokit: unknown, count: number) => {
        const again = count < retries && after <= maxWait;
        log.warn(
          `rate limit on ${describe(request)}; ${again ? `retrying in ${after}s` : 'giving up'}`,
        );
        return again;
      },
      onSecondaryRateLimit: (
        after: number,
        request: RequestInfo,
        _octokit: unknown,
        count: number,
      ) => {
        const again = count < retries;
        log.warn(
          `secondary rate limit on ${describe(request)}; ${again ? `retrying in ${after}s` : 'giving up'}`,
        );
        return again;
      },
    },
  });
}

/** Client options from the runner's environment: GITHUB_API_URL points at GHES or a test double. */
export function clientOptionsFromEnv(
  token: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ClientOptions {
  const baseUrl = env.GITHUB_API_URL || defaultBaseUrl;
  return { token, baseUrl };
}

/** `owner/name` as GITHUB_REPOSITORY spells it. */
export function parseRepo(fullName: string): RepoRef {
  const [owner, repo, ...rest] = fullName.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new Error(`expected a repository as "owner/name", found "${fullName}"`);
  }
  return { owner, repo };
}

interface RequestInfo {
  method?: string;
  url?: string;
}

const defaultBaseUrl = 'https://api.github.com';
const silentLog: ClientLog = { debug() {}, info() {}, warn() {}, error() {} };
let clientCount = 0;

function describe(request: RequestInfo): string {
  return `${request.method ?? 'GET'} ${request.url ?? ''}`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
