import type { Dispatcher } from 'undici';
import { headersFor, redact, type SchemaHeader } from './schema-header.ts';

export interface HttpOptions {
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** Extra attempts after the first on 429, 5xx, timeouts and network errors. Default 3. */
  readonly retries?: number;
  /** First backoff delay; doubles on each attempt. Default 500 ms. */
  readonly baseDelayMs?: number;
  /** Ceiling of a backoff delay and of an honoured Retry-After. Default 30 s. */
  readonly maxDelayMs?: number;
  /** Per attempt, headers and body included. Default 30 s. */
  readonly timeoutMs?: number;
  readonly headers?: readonly SchemaHeader[];
  /**
   * kubeconform's `-insecure-skip-tls-verify`: HTTPS certificates are not verified (a
   * self-signed or private CA registry). Requests then go through undici with an Agent that
   * does not reject unauthorised certificates, passed as fetch's `dispatcher`.
   */
  readonly insecureSkipTlsVerify?: boolean;
  /** Injected in tests so retries take no real time. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter source. */
  readonly random?: () => number;
}

export type HttpResponse = { readonly status: number; readonly body: string };

// Statuses worth another attempt: rate limiting and server-side failures that tend to pass.
const RETRIED = new Set([408, 429, 500, 502, 503, 504]);
// Redirects are followed by hand so that per-host headers are recomputed for each hop and a
// token for one host is never sent to another.
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How requests are sent: a fetch, and for undici's fetch the dispatcher it sends through. */
interface Transport {
  readonly fetch: typeof fetch;
  readonly dispatcher?: Dispatcher;
}

/**
 * undici's own fetch with an Agent that accepts any certificate: the platform fetch may
 * bundle another undici major, whose dispatcher interface need not match this one. undici
 * is imported here, on first use, since loading it costs some 20 ms at every start.
 */
async function insecureTransport(injected: typeof fetch | undefined): Promise<Transport> {
  const { Agent, fetch: undiciFetch } = await import('undici');
  return {
    fetch: injected ?? (undiciFetch as unknown as typeof fetch),
    dispatcher: new Agent({ connect: { rejectUnauthorized: false } }),
  };
}

export class HttpClient {
  readonly #transport: () => Promise<Transport>;
  readonly #retries: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #timeoutMs: number;
  readonly #headers: readonly SchemaHeader[];
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;

  constructor(options: HttpOptions = {}) {
    if (options.insecureSkipTlsVerify) {
      let insecure: Promise<Transport> | undefined;
      this.#transport = () => {
        insecure ??= insecureTransport(options.fetch);
        return insecure;
      };
    } else {
      const transport: Transport = { fetch: options.fetch ?? globalThis.fetch };
      this.#transport = () => Promise.resolve(transport);
    }
    this.#retries = options.retries ?? 3;
    this.#baseDelayMs = options.baseDelayMs ?? 500;
    this.#maxDelayMs = options.maxDelayMs ?? 30_000;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#headers = options.headers ?? [];
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
  }

  /**
   * GETs a URL, retrying transient failures. Resolves with the final status and body (any
   * status, 404 included); rejects with a message free of header values when every attempt
   * failed at the network level.
   */
  async get(url: string): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      let delay: number;
      try {
        const response = await this.#attempt(url);
        if (!RETRIED.has(response.status) || attempt >= this.#retries) {
          return { status: response.status, body: response.body };
        }
        delay = this.#delay(attempt, response.retryAfter);
      } catch (error) {
        if (attempt >= this.#retries) {
          throw new Error(redact(describe(error), this.#headers));
        }
        delay = this.#delay(attempt, undefined);
      }
      await this.#sleep(delay);
    }
  }

  // Retry-After wins when present (capped); otherwise exponential backoff with equal jitter:
  // half the step fixed, half random, so concurrent clients spread out.
  #delay(attempt: number, retryAfter: number | undefined): number {
    if (retryAfter !== undefined) return Math.min(retryAfter, this.#maxDelayMs);
    const step = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** attempt);
    return step / 2 + (step / 2) * this.#random();
  }

  async #attempt(url: string): Promise<HttpResponse & { retryAfter: number | undefined }> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const transport = await this.#transport();
    let target = new URL(url);
    for (let hop = 0; ; hop++) {
      // `dispatcher` is undici's; the platform RequestInit types it by its own undici copy.
      const init: Omit<RequestInit, 'dispatcher'> & { dispatcher?: Dispatcher } = {
        headers: headersFor(target, this.#headers),
        redirect: 'manual',
        signal,
      };
      if (transport.dispatcher !== undefined) init.dispatcher = transport.dispatcher;
      const response = await transport.fetch(target, init as RequestInit);
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location !== null) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects`);
        target = new URL(location, target);
        continue;
      }
      const body = await response.text();
      return {
        status: response.status,
        body,
        retryAfter: retryAfterMs(response.headers.get('retry-after')),
      };
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'timed out';
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
