/**
 * The contract between the double's server and its handlers: a parsed request in, a
 * status and JSON body out, and the errors GitHub answers with.
 */
import type { RepositoryState } from './state.ts';
import type { Views } from './views.ts';

export interface Exchange {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The request's own URL, on the double's origin: pagination links keep its query. */
  url: URL;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are checked against the OpenAPI description before a handler sees them
  body: any;
  state: RepositoryState;
  views: Views;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (exchange: Exchange) => Reply;

const docs = 'https://docs.github.com/rest';

/** An answer the real API gives for a request it refuses; thrown from handlers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

export function notFound(): ApiError {
  return new ApiError(404, { message: 'Not Found', documentation_url: docs, status: '404' });
}

/** 422 with GitHub's validation-error shape; `errors` as the real endpoint spells them. */
export function unprocessable(message: string, errors: unknown[] = []): ApiError {
  return new ApiError(422, { message, errors, documentation_url: docs, status: '422' });
}

export function tooLong(resource: string, field: string, limit: number): ApiError {
  return unprocessable('Validation Failed', [
    {
      resource,
      code: 'custom',
      field,
      message: `${field} is too long (maximum is ${limit} characters)`,
    },
  ]);
}

/** GitHub's pagination: page and per_page (max 100, default 30), and a Link header. */
export function paginate<T>(items: T[], exchange: Exchange): Reply {
  const perPage = Math.min(Number(exchange.query.get('per_page') ?? 30), 100);
  const page = Math.max(Number(exchange.query.get('page') ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const headers: Record<string, string> = {};
  if (page < last) {
    const link = (n: number, rel: string) => {
      const url = new URL(exchange.url);
      url.searchParams.set('page', String(n));
      return `<${url.href}>; rel="${rel}"`;
    };
    headers.link = [link(page + 1, 'next'), link(last, 'last')].join(', ');
  }
  return { status: 200, body: items.slice((page - 1) * perPage, page * perPage), headers };
}

export function numberParam(exchange: Exchange, name: string): number {
  return Number(exchange.params[name]);
}
