/**
 * The ways GitHub fails that a careful client must survive, on demand: secondary and
 * primary rate limits (with the headers the real API sends), 5xx from the load balancer,
 * slow answers and connections dropped mid-request.
 */

export type Fault =
  /** 403 (or 429) "You have exceeded a secondary rate limit" with Retry-After. */
  | { kind: 'secondary-rate-limit'; retryAfterSeconds?: number; status?: 403 | 429 }
  /** 403 with x-ratelimit-remaining: 0 and a reset time `resetInSeconds` from now. */
  | { kind: 'rate-limit'; resetInSeconds?: number }
  | { kind: 'server-error'; status?: 500 | 502 | 503 | 504 }
  /** The real answer, after a pause. */
  | { kind: 'slow'; delayMs: number }
  /** The socket is destroyed before any byte of an answer. */
  | { kind: 'drop' };

export interface FaultRule {
  fault: Fault;
  method?: string;
  /** Matched against the request path (without query). */
  path?: RegExp;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Matching requests to let through before the first failure; default 0. */
  after?: number;
}

interface ArmedRule {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export class FaultPlan {
  readonly #rules: ArmedRule[] = [];

  add(rule: FaultRule): void {
    this.#rules.push({ rule, seen: 0, fired: 0 });
  }

  /** The fault for this request, if a rule claims it; each rule counts its own matches. */
  take(method: string, path: string): Fault | undefined {
    for (const armed of this.#rules) {
      const { rule } = armed;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && !rule.path.test(path)) continue;
      armed.seen++;
      if (armed.seen <= (rule.after ?? 0)) continue;
      if (armed.fired >= (rule.times ?? 1)) continue;
      armed.fired++;
      return rule.fault;
    }
    return undefined;
  }

  /** How many faults were delivered: a test checks its faults really happened. */
  get fired(): number {
    return this.#rules.reduce((sum, armed) => sum + armed.fired, 0);
  }
}

export interface FaultReply {
  status: number;
  headers: Record<string, string>;
  body: { message: string; documentation_url: string; status?: string };
}

const rateLimitDocs =
  'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api';

/** The answer GitHub gives for a failing fault; undefined for slow and drop. */
export function faultReply(fault: Fault, nowSeconds: number): FaultReply | undefined {
  switch (fault.kind) {
    case 'secondary-rate-limit':
      return {
        status: fault.status ?? 403,
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
          documentation_url: `${rateLimitDocs}#about-secondary-rate-limits`,
        },
      };
    case 'rate-limit':
      return {
        status: 403,
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(nowSeconds + (fault.resetInSeconds ?? 1)),
        },
        body: {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url: `${rateLimitDocs}#exceeding-the-rate-limit`,
        },
      };
    case 'server-error':
      return {
        status: fault.status ?? 502,
        headers: {},
        body: { message: 'Server Error', documentation_url: 'https://docs.github.com/rest' },
      };
    default:
      return undefined;
  }
}
