/**
 * The Azure Blob Storage end of an artifact upload: the signed URL the results service
 * hands out, and the two calls @azure/storage-blob's BlockBlobClient.uploadStream makes on
 * it (Put Block for each chunk, then Put Block List). Requests are checked as the storage
 * service checks them: the URL's signature and expiry, block ids (base64, at most 64 bytes,
 * one length per blob), the body against Content-Length, and a block list naming only
 * staged blocks. Answers carry the status and headers the service sends.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface BlobReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Blob {
  signature: string;
  expiresAt: Date;
  staged: Map<string, Buffer>;
  /** Decoded length shared by every block id of this blob. */
  idLength?: number;
  committed?: Buffer;
  contentType?: string;
}

/** Where the blobs live: `/ACCOUNT/CONTAINER/...`, as a path-style (IP host) URL names them. */
export const blobPrefix = '/devstoreaccount1/actions-results/';

export class BlobStore {
  readonly #blobs = new Map<string, Blob>();

  /** A writable blob at `path` and its signed URL (a service SAS valid for `validFor` ms). */
  issue(origin: string, path: string, validFor = 3_600_000): string {
    const signature = randomBytes(24).toString('base64');
    const expiresAt = new Date(Date.now() + validFor);
    this.#blobs.set(path, { signature, expiresAt, staged: new Map() });
    const sas = new URLSearchParams({
      sv: '2019-12-12',
      se: expiresAt.toISOString().replace(/\.\d+Z$/, 'Z'),
      sr: 'b',
      sp: 'cw',
      sig: signature,
    });
    return `${origin}${path}?${sas}`;
  }

  /** What was committed at `path`, with the content type it was given. */
  committed(path: string): { data: Buffer; contentType?: string } | undefined {
    const blob = this.#blobs.get(path);
    if (!blob?.committed) return undefined;
    return { data: blob.committed, ...(blob.contentType && { contentType: blob.contentType }) };
  }

  /** Answers one request; `problems` gets what a well-behaved client would never send. */
  handle(
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
    body: Buffer,
    problems: string[],
  ): BlobReply {
    const blob = this.#blobs.get(url.pathname);
    if (!blob) return error(404, 'BlobNotFound', 'The specified blob does not exist.');
    const sig = url.searchParams.get('sig');
    const se = url.searchParams.get('se');
    if (sig !== blob.signature || se === null)
      return error(403, 'AuthenticationFailed', 'Signature did not match.');
    if (Date.parse(se) < Date.now() || blob.expiresAt.getTime() < Date.now())
      return error(403, 'AuthenticationFailed', 'Signed expiry time has passed.');
    if (method !== 'PUT') {
      problems.push(`blob storage: ${method} ${url.pathname}: an upload only writes (PUT)`);
      return error(405, 'UnsupportedHttpVerb', `The resource doesn't support ${method}.`);
    }
    const length = Number(headers['content-length']);
    if (headers['content-length'] === undefined || length !== body.length) {
      problems.push(
        `blob storage: Content-Length ${headers['content-length']} for ${body.length} bytes`,
      );
      return error(400, 'InvalidHeaderValue', 'Content-Length does not match the body.');
    }
    switch (url.searchParams.get('comp')) {
      case 'block':
        return putBlock(blob, url.searchParams.get('blockid'), body, problems);
      case 'blocklist':
        return putBlockList(blob, headers, body.toString('utf8'), problems);
      case null:
        if (headers['x-ms-blob-type'] !== 'BlockBlob')
          return error(400, 'MissingRequiredHeader', 'x-ms-blob-type is required.');
        blob.committed = body;
        blob.contentType = headerOf(headers, 'x-ms-blob-content-type');
        return created();
      default:
        problems.push(`blob storage: comp=${url.searchParams.get('comp')} is not an upload`);
        return error(
          400,
          'InvalidQueryParameterValue',
          'Value for one of the query parameters is not valid.',
        );
    }
  }
}

function putBlock(blob: Blob, id: string | null, body: Buffer, problems: string[]): BlobReply {
  const decoded = id === null ? undefined : Buffer.from(id, 'base64');
  if (!id || !decoded || decoded.toString('base64') !== id || decoded.length > 64) {
    problems.push(`blob storage: block id ${id} is not base64 of at most 64 bytes`);
    return error(400, 'InvalidQueryParameterValue', 'The block id is not valid.');
  }
  blob.idLength ??= decoded.length;
  if (decoded.length !== blob.idLength) {
    problems.push('blob storage: block ids of one blob differ in length');
    return error(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.');
  }
  blob.staged.set(id, body);
  return created({ 'x-ms-request-server-encrypted': 'true' });
}

function putBlockList(
  blob: Blob,
  headers: IncomingHttpHeaders,
  xml: string,
  problems: string[],
): BlobReply {
  const list = /<BlockList>([\s\S]*)<\/BlockList>/.exec(xml)?.[1];
  if (list === undefined) {
    problems.push(`blob storage: the block list is not <BlockList> XML: ${xml.slice(0, 200)}`);
    return error(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
  }
  const ids = [...list.matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
    (match) => match[2] ?? '',
  );
  const blocks = ids.map((id) => blob.staged.get(id));
  if (ids.length === 0 || blocks.some((block) => block === undefined)) {
    problems.push('blob storage: the block list names blocks that were never staged');
    return error(400, 'InvalidBlockList', 'The specified block list is invalid.');
  }
  blob.committed = Buffer.concat(blocks as Buffer[]);
  blob.contentType = headerOf(headers, 'x-ms-blob-content-type');
  blob.staged.clear();
  return created({ 'x-ms-request-server-encrypted': 'true' });
}

function created(more: Record<string, string> = {}): BlobReply {
  return {
    status: 201,
    headers: {
      etag: `"0x${randomBytes(8).toString('hex').toUpperCase()}"`,
      'last-modified': new Date().toUTCString(),
      'x-ms-request-id': randomBytes(16).toString('hex'),
      'x-ms-version': '2019-12-12',
      ...more,
    },
    body: '',
  };
}

/** Blob storage's error: an XML body and the code again in x-ms-error-code. */
export function error(status: number, code: string, message: string): BlobReply {
  const requestId = randomBytes(16).toString('hex');
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-ms-error-code': code },
    body: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`,
  };
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
