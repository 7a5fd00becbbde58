import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

export const SHARED = new URL('../../../../shared/schemas/', import.meta.url);
export const sharedPath = (path: string) => fileURLToPath(new URL(path, SHARED));

export type Fault = (response: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  readonly url: string;
  /** Every request seen, in order: method, path and headers. */
  readonly requests: { path: string; headers: IncomingMessage['headers'] }[];
  /** Faults to play, in order, for one path before it is served normally. */
  fault(path: string, ...faults: Fault[]): void;
}

/**
 * A loopback server that serves /work/shared/schemas in place (URL path = path below it), with
 * injected faults per path. Closed when the test ends.
 */
export async function startServer(options: { tls?: boolean } = {}): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const faults = new Map<string, Fault[]>();
  const listener: RequestListener = (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push({ path, headers: request.headers });
    const fault = faults.get(path)?.shift();
    if (fault) {
      void Promise.resolve(fault(response));
      return;
    }
    readFile(new URL(`.${path}`, SHARED)).then(
      (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body),
      () => response.writeHead(404).end('404: Not Found'),
    );
  };
  // The TLS server uses a throwaway self-signed certificate for 127.0.0.1 (test/fixtures).
  const server = options.tls
    ? createHttpsServer(
        {
          key: readFileSync(new URL('./fixtures/throwaway-loopback.key', import.meta.url)),
          cert: readFileSync(new URL('./fixtures/throwaway-loopback.crt', import.meta.url)),
        },
        listener,
      )
    : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    fault: (path, ...list) => faults.set(path, [...(faults.get(path) ?? []), ...list]),
  };
}

export const status =
  (code: number, headers: Record<string, string> = {}, body = ''): Fault =>
  (response) => {
    response.writeHead(code, headers).end(body);
  };

/** Announces more bytes than it sends, then closes the connection. */
export const truncated: Fault = (response) => {
  response.writeHead(200, { 'content-length': '1000' });
  response.write('{"type": "obj');
  response.destroy();
};

/** Answers 200 with the body after `ms`: slow, but inside the client's timeout. */
export const slow =
  (ms: number, body: string): Fault =>
  (response) =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(body);
        resolve();
      }, ms),
    );

/** Never answers; the client's timeout must end it. */
export const hang: Fault = () => {};
