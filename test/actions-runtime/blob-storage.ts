// A loopback Azure Blob Storage account, as far as the runtime services' signed URLs take
// the clients of @actions/* there: Put Blob, Put Block and Put Block List (the Azure SDK's
// uploads), Get Blob and Get Blob Properties (downloads, whole or by range). Every request
// must carry a valid, unexpired signature with the permission its operation needs; a bad one
// is answered as Azure answers (403 AuthenticationFailed / AuthorizationPermissionMismatch)
// and recorded in `violations`.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The REST version the double answers with (x-ms-version). */
const serviceVersion = '2025-01-05';
const account = 'devstoreaccount1';
const container = 'actions-results';

export interface BlobRequest {
  readonly method: string;
  /** The blob's name, below the container. */
  readonly blob: string;
  /** `put-blob`, `put-block`, `put-block-list`, `get-blob`, `get-properties`. */
  readonly operation: string;
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
}

/** A fault played instead of an operation: an HTTP status, or a dropped connection. */
export type BlobFault = number | 'reset';

export interface BlobStorage {
  readonly url: string;
  /** Committed blobs by name. */
  readonly blobs: Map<string, Buffer>;
  readonly requests: BlobRequest[];
  readonly violations: string[];
  /**
   * A SAS URL for one blob, as the results service hands out: `r` to read, `cw` to create
   * and write; valid for `ttlSeconds`.
   */
  signedUrl(blob: string, permissions: 'r' | 'cw', ttlSeconds?: number): string;
  /** Faults to play, in order, on the next requests of an operation (`*`: any). */
  fault(operation: string, ...faults: BlobFault[]): void;
  close(): Promise<void>;
}

export async function startBlobStorage(): Promise<BlobStorage> {
  const key = randomBytes(32);
  const blobs = new Map<string, Buffer>();
  const uncommitted = new Map<string, Map<string, Buffer>>();
  const requests: BlobRequest[] = [];
  const violations: string[] = [];
  const faults = new Map<string, BlobFault[]>();
  let base = '';

  const sign = (permissions: string, expiry: string, blob: string) =>
    createHmac('sha256', key)
      .update(`${permissions}\n${expiry}\n/${account}/${container}/${blob}`)
      .digest('base64');

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => serve(request, Buffer.concat(chunks), response));
  });

  function serve(request: IncomingMessage, body: Buffer, response: ServerResponse) {
    const url = new URL(request.url ?? '/', base);
    const method = request.method ?? '';
    const prefix = `/${account}/${container}/`;
    const blob = url.pathname.startsWith(prefix)
      ? decodeURIComponent(url.pathname.slice(prefix.length))
      : '';
    const operation = operationOf(method, url.searchParams.get('comp'));
    const send = (status: number, headers: Record<string, string> = {}, payload?: Buffer) => {
      requests.push({
        method,
        blob,
        operation: operation ?? 'unknown',
        status,
        headers: request.headers,
      });
      response
        .writeHead(status, {
          'x-ms-request-id': randomBytes(8).toString('hex'),
          'x-ms-version': serviceVersion,
          date: new Date().toUTCString(),
          ...headers,
        })
        .end(method === 'HEAD' ? undefined : payload);
    };
    const fail = (status: number, code: string, message: string) => {
      violations.push(`${method} ${url.pathname}${url.search ? '?…' : ''}: ${code}: ${message}`);
      send(
        status,
        { 'x-ms-error-code': code, 'content-type': 'application/xml' },
        Buffer.from(
          `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        ),
      );
    };

    if (!blob || !operation)
      return fail(400, 'InvalidUri', `no such operation: ${method} ${url.pathname}`);
    const permissions = url.searchParams.get('sp') ?? '';
    const expiry = url.searchParams.get('se') ?? '';
    const signature = url.searchParams.get('sig') ?? '';
    if (url.searchParams.get('sr') !== 'b' || signature !== sign(permissions, expiry, blob))
      return fail(403, 'AuthenticationFailed', 'the signature does not match');
    if (!(Date.parse(expiry) > Date.now()))
      return fail(403, 'AuthenticationFailed', `the signature expired at ${expiry}`);
    const needed = operation.startsWith('put') ? 'w' : 'r';
    if (!permissions.includes(needed))
      return fail(
        403,
        'AuthorizationPermissionMismatch',
        `${operation} needs permission ${needed}`,
      );

    const fault = faults.get(operation)?.shift() ?? faults.get('*')?.shift();
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault) return send(fault, { 'x-ms-error-code': 'ServerBusy' });

    if (operation.startsWith('put')) {
      if (!request.headers['x-ms-version'])
        return fail(400, 'MissingRequiredHeader', 'x-ms-version is required');
      const length = Number(request.headers['content-length'] ?? Number.NaN);
      if (length !== body.length)
        return fail(
          400,
          'InvalidHeaderValue',
          `Content-Length ${length}, body ${body.length} bytes`,
        );
    }
    switch (operation) {
      case 'put-blob': {
        if (request.headers['x-ms-blob-type'] !== 'BlockBlob')
          return fail(400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob is required');
        blobs.set(blob, body);
        return send(201, written(body));
      }
      case 'put-block': {
        const id = url.searchParams.get('blockid') ?? '';
        if (!id || Buffer.from(id, 'base64').toString('base64') !== id)
          return fail(400, 'InvalidQueryParameterValue', `blockid ${id} is not Base64`);
        const blocks = uncommitted.get(blob) ?? new Map<string, Buffer>();
        blocks.set(id, body);
        uncommitted.set(blob, blocks);
        return send(201, { 'content-md5': md5(body), 'x-ms-request-server-encrypted': 'true' });
      }
      case 'put-block-list': {
        const ids = [
          ...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\//g),
        ];
        const blocks = uncommitted.get(blob);
        const parts = ids.map(([, , id]) => blocks?.get(id ?? ''));
        if (ids.length === 0 || parts.some((part) => part === undefined))
          return fail(400, 'InvalidBlockList', 'a listed block was never put');
        const data = Buffer.concat(parts as Buffer[]);
        blobs.set(blob, data);
        uncommitted.delete(blob);
        return send(201, written(data));
      }
      default: {
        const data = blobs.get(blob);
        if (!data) return fail(404, 'BlobNotFound', `no blob ${blob}`);
        const properties = {
          ...written(data),
          'x-ms-blob-type': 'BlockBlob',
          'accept-ranges': 'bytes',
          'content-type': 'application/octet-stream',
        };
        const range = /^bytes=(\d+)-(\d*)$/.exec(
          String(request.headers['x-ms-range'] ?? request.headers.range ?? ''),
        );
        if (operation === 'get-blob' && range) {
          const start = Number(range[1]);
          const end = Math.min(range[2] ? Number(range[2]) : data.length - 1, data.length - 1);
          const part = data.subarray(start, end + 1);
          return send(
            206,
            {
              ...properties,
              'content-length': String(part.length),
              'content-range': `bytes ${start}-${end}/${data.length}`,
            },
            part,
          );
        }
        return send(200, { ...properties, 'content-length': String(data.length) }, data);
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    blobs,
    requests,
    violations,
    signedUrl(blob, permissions, ttlSeconds = 3600) {
      const expiry = new Date(Date.now() + ttlSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      const query = new URLSearchParams({
        sv: serviceVersion,
        se: expiry,
        sr: 'b',
        sp: permissions,
        sig: sign(permissions, expiry, blob),
      });
      return `${base}/${account}/${container}/${encodeURIComponent(blob).replace(/%2F/g, '/')}?${query}`;
    },
    fault: (operation, ...list) =>
      faults.set(operation, [...(faults.get(operation) ?? []), ...list]),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function operationOf(method: string, comp: string | null): string | undefined {
  if (method === 'PUT' && comp === null) return 'put-blob';
  if (method === 'PUT' && comp === 'block') return 'put-block';
  if (method === 'PUT' && comp === 'blocklist') return 'put-block-list';
  if (method === 'GET' && comp === null) return 'get-blob';
  if (method === 'HEAD' && comp === null) return 'get-properties';
  return undefined;
}

/** The headers Azure returns for a blob written or read: ETag, Last-Modified, Content-MD5. */
function written(data: Buffer): Record<string, string> {
  return {
    etag: `"0x${createHash('sha1').update(data).digest('hex').slice(0, 15).toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    'content-md5': md5(data),
    'x-ms-request-server-encrypted': 'true',
  };
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}
