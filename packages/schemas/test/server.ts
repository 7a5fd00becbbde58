import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
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
export async function startServer(): Promise<LoopbackServer> {
  const requests: LoopbackServer['requests'] = [];
  const faults = new Map<string, Fault[]>();
  const server = createServer((request, response) => {
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
  });
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
    url: `http://127.0.0.1:${port}`,
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

/** Never answers; the client's timeout must end it. */
export const hang: Fault = () => {};
