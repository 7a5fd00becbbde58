/**
 * A stateful GitHub REST API on a loopback port. Every request is routed by GitHub's
 * OpenAPI description and checked against it (method, path, query, body); every answer is
 * checked too. Anything off the contract lands in `violations`, which a test asserts empty.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type Handler, type Reply } from './exchange.ts';
import { type Fault, FaultPlan, type FaultRule, faultReply } from './faults.ts';
import { checkHandlers } from './handlers/checks.ts';
import { gitHandlers } from './handlers/git.ts';
import { issueHandlers } from './handlers/issues.ts';
import { pullHandlers } from './handlers/pulls.ts';
import { githubContract, type OpenApiContract, type Operation } from './openapi.ts';
import { RepositoryState, type User } from './state.ts';
import { Views } from './views.ts';

export type Permission = 'none' | 'read' | 'write';
export type Scope = 'checks' | 'contents' | 'issues' | 'pull_requests';

export interface DoubleOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  token?: string;
  /** What the token may do; default write on every scope. */
  permissions?: Partial<Record<Scope, Permission>>;
  actor?: User;
}

export interface RecordedRequest {
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  /** The fault this request met, if any. */
  fault?: Fault['kind'];
}

const handlers: Record<string, Handler> = {
  ...issueHandlers,
  ...pullHandlers,
  ...checkHandlers,
  ...gitHandlers,
};

const scopeOf: Record<string, Scope> = {
  checks: 'checks',
  git: 'contents',
  issues: 'issues',
  pulls: 'pull_requests',
};

export class GitHubDouble {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly state: RepositoryState;
  readonly #faults = new FaultPlan();
  readonly #contract: OpenApiContract;
  readonly #server: Server;
  readonly #options: Required<Omit<DoubleOptions, 'actor' | 'permissions'>> & DoubleOptions;
  #views: Views | undefined;
  #url = '';

  constructor(options: DoubleOptions = {}) {
    this.#options = {
      owner: 'fleet-org',
      repo: 'fleet',
      defaultBranch: 'main',
      token: 'ghs_double_token',
      ...options,
    };
    const actor = options.actor ?? { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
    this.state = new RepositoryState(
      this.#options.owner,
      this.#options.repo,
      this.#options.defaultBranch,
      actor,
    );
    this.#contract = githubContract();
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        this.violations.push(`double crashed on ${request.method} ${request.url}: ${error}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
  }

  /** The REST root, as GITHUB_API_URL would name it. */
  get url(): string {
    return this.#url;
  }

  get token(): string {
    return this.#options.token;
  }

  get views(): Views {
    if (!this.#views) throw new Error('start the double first');
    return this.#views;
  }

  /** Faults delivered so far. */
  get faultsFired(): number {
    return this.#faults.fired;
  }

  async start(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    const { port } = this.#server.address() as AddressInfo;
    this.#url = `http://127.0.0.1:${port}`;
    this.#views = new Views(this.#contract, this.state, this.#url);
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  inject(rule: FaultRule): void {
    this.#faults.add(rule);
  }

  /** The requests that reached a handler, as operation ids: what a client really did. */
  operations(): string[] {
    return this.requests.filter((r) => !r.fault).map((r) => r.operationId ?? '?');
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', this.#url);
    const text = await readBody(request);
    const fault = this.#faults.take(method, url.pathname);
    const record = (status: number, operationId?: string) =>
      this.requests.push({
        method,
        path: url.pathname,
        operationId,
        status,
        ...(fault ? { fault: fault.kind } : {}),
      });

    if (fault?.kind === 'drop') {
      record(0);
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    const failure = fault && faultReply(fault, Math.floor(Date.now() / 1000));
    if (failure) {
      this.#expectComponent('basic-error', failure.body);
      record(failure.status);
      send(response, failure);
      return;
    }

    const match = this.#contract.route(method, url.pathname);
    if (!match) {
      this.violations.push(`${method} ${url.pathname}: no such operation in GitHub's description`);
      record(404);
      send(response, { status: 404, body: { message: 'Not Found', documentation_url: docs } });
      return;
    }
    const reply = this.#answer(request, match.operation, match.params, url, text);
    record(reply.status, match.operation.id);
    send(response, reply);
  }

  #answer(
    request: IncomingMessage,
    operation: Operation,
    params: Record<string, string>,
    url: URL,
    text: string,
  ): Reply {
    const denied = this.#deny(request, operation);
    if (denied) return denied;
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      this.violations.push(`${operation.id}: request body is not JSON`);
      return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: docs } };
    }
    const problems = this.#contract.checkRequest(operation, {
      params,
      query: url.searchParams,
      body,
    });
    if (problems.length > 0) {
      this.violations.push(...problems.map((problem) => `${operation.id}: ${problem}`));
      const message = `Invalid request.\n\n${problems.join('\n')}`;
      return { status: 422, body: { message, documentation_url: docs, status: '422' } };
    }
    const handler = handlers[operation.id];
    if (!handler) {
      this.violations.push(`${operation.id}: the double does not implement it`);
      return { status: 501, body: { message: 'Not Implemented', documentation_url: docs } };
    }
    if (params.owner !== this.state.owner || params.repo !== this.state.name) {
      return {
        status: 404,
        body: { message: 'Not Found', documentation_url: docs, status: '404' },
      };
    }
    const reply = this.#run(handler, { params, query: url.searchParams, url, body });
    const invalid = this.#contract.checkResponse(operation, reply.status, reply.body);
    this.violations.push(...invalid.map((problem) => `double answered wrongly: ${problem}`));
    return reply;
  }

  #run(
    handler: Handler,
    input: { params: Record<string, string>; query: URLSearchParams; url: URL; body: unknown },
  ): Reply {
    try {
      return handler({ ...input, state: this.state, views: this.views });
    } catch (error) {
      if (error instanceof ApiError) return { status: error.status, body: error.body };
      throw error;
    }
  }

  /** 401 without the token, 403 as GitHub words it when the token lacks a permission. */
  #deny(request: IncomingMessage, operation: Operation): Reply | undefined {
    const auth = request.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) {
      return { status: 401, body: { message: 'Bad credentials', documentation_url: docs } };
    }
    const scope = scopeOf[operation.id.split('/')[0]!];
    const granted = (scope && this.#options.permissions?.[scope]) ?? 'write';
    const needed: Permission = operation.method === 'get' ? 'read' : 'write';
    if (granted === 'none' || (needed === 'write' && granted === 'read')) {
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: docs,
          status: '403',
        },
      };
    }
    return undefined;
  }

  #expectComponent(name: string, value: unknown): void {
    this.violations.push(...this.#contract.checkComponent(name, value));
  }
}

/** A started double; close it in afterEach/afterAll. */
export async function startGitHubDouble(options: DoubleOptions = {}): Promise<GitHubDouble> {
  return new GitHubDouble(options).start();
}

const docs = 'https://docs.github.com/rest';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    ...reply.headers,
  };
  if (reply.body === undefined) {
    response.writeHead(reply.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  response.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
}
