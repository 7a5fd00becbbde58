// A loopback Twirp server for the runtime services the runner hands to actions (the
// results service behind ACTIONS_RESULTS_URL: CacheService, ArtifactService). It speaks
// Twirp's JSON protocol as the clients of @actions/* use it, and checks every request
// against the service definition those clients ship (protobuf-ts reflection in their
// generated code): the route, POST, the content type, the bearer token, and a body that
// parses as the method's input with proto field names and no unknown field, in the proto3
// JSON mapping (well-known types in their own JSON forms: a Timestamp is an RFC 3339 string,
// a StringValue the bare string). Whatever breaks the protocol is answered as Twirp would
// answer it and recorded in `violations`, so a test can assert there were none.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a protobuf-ts field the double reads (`FieldInfo` in @protobuf-ts/runtime). */
interface FieldInfo {
  readonly name: string;
  readonly kind: string;
  readonly T: unknown;
}

/** A protobuf-ts message type (`IMessageType`), structurally: generated code exports these. */
export interface MessageType<T extends object = object> {
  readonly typeName: string;
  readonly fields: readonly FieldInfo[];
  fromJson(json: never, options?: { ignoreUnknownFields?: boolean }): T;
  toJson(
    message: T,
    options?: { useProtoFieldName?: boolean; emitDefaultValues?: boolean },
  ): unknown;
}

/** A protobuf-ts `ServiceType`, structurally. */
export interface ServiceType {
  readonly typeName: string;
  readonly methods: readonly {
    readonly name: string;
    readonly I: MessageType;
    readonly O: MessageType;
  }[];
}

/** Twirp's error codes and the HTTP status each is sent with (twirp.github.io/docs/spec_v7). */
export const twirpStatus = {
  canceled: 408,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
} as const;

export type TwirpCode = keyof typeof twirpStatus;

/** Thrown by a handler (or played as a fault): sent as Twirp's JSON error body. */
export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
  ) {
    super(message);
  }
}

/** One request that reached a method: its parsed input and headers, and what it was answered. */
export interface TwirpCall {
  readonly method: string;
  readonly input: object;
  readonly headers: IncomingHttpHeaders;
  /** The HTTP status sent, 0 for a dropped connection; unset until the answer is sent. */
  status?: number;
}

/** What a fault does instead of the handler: a Twirp error, or a dropped connection. */
export type TwirpFault = TwirpError | 'reset';

// biome-ignore lint/suspicious/noExplicitAny: each handler gets its own method's message type.
export type TwirpHandler = (input: any, call: TwirpCall) => object | Promise<object>;

export interface TwirpServer {
  /** The base URL, as ACTIONS_RESULTS_URL gives it (with a trailing slash). */
  readonly url: string;
  /** Every call that passed the protocol checks, in order. */
  readonly calls: TwirpCall[];
  /** Every protocol violation seen, described; empty when the client spoke Twirp right. */
  readonly violations: string[];
  /** Faults to play, in order, for the next calls of `method` (`*`: any method). */
  fault(method: string, ...faults: TwirpFault[]): void;
  /**
   * A fault played on every call of `method` (default `*`: any method) from now on, after
   * the queued ones; undefined stops it.
   */
  failEvery(fault: TwirpFault | undefined, method?: string): void;
  close(): Promise<void>;
}

/**
 * Serves `service` on a loopback port: POST /twirp/<package.Service>/<Method> with a JSON
 * body, `Authorization: Bearer <token>`. Handlers return the output message or throw a
 * TwirpError.
 */
export async function startTwirpServer(
  service: ServiceType,
  handlers: Record<string, TwirpHandler>,
  options: {
    /** The runtime token, or a check of the bearer token (a run's jobs each have their own). */
    token: string | ((token: string) => boolean);
  },
): Promise<TwirpServer> {
  const calls: TwirpCall[] = [];
  const violations: string[] = [];
  const faults = new Map<string, TwirpFault[]>();
  const every = new Map<string, TwirpFault>();
  const { token } = options;
  const authorized = typeof token === 'string' ? (bearer: string) => bearer === token : token;

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      serve(request.method ?? '', request.url ?? '', request.headers, body, response).catch(
        (error: unknown) => {
          violations.push(`${request.method} ${request.url}: the double crashed: ${error}`);
          sendError(response, new TwirpError('internal', String(error)));
        },
      );
    });
  });

  async function serve(
    httpMethod: string,
    url: string,
    headers: IncomingHttpHeaders,
    body: string,
    response: ServerResponse,
  ): Promise<void> {
    const violation = (code: TwirpCode, message: string) => {
      violations.push(`${httpMethod} ${url}: ${message}`);
      sendError(response, new TwirpError(code, message));
    };
    const route = new RegExp(`^/twirp/${service.typeName.replace(/\./g, '\\.')}/([A-Za-z]+)$`).exec(
      url,
    );
    const method = service.methods.find((candidate) => candidate.name === route?.[1]);
    if (!method) return violation('bad_route', `no method ${url} in ${service.typeName}`);
    if (httpMethod !== 'POST') return violation('bad_route', `Twirp takes POST, not ${httpMethod}`);
    if (headers['content-type']?.split(';')[0]?.trim() !== 'application/json')
      return violation(
        'bad_route',
        `content type ${headers['content-type']}, not application/json`,
      );
    const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
    if (bearer === undefined || !authorized(bearer))
      return violation('unauthenticated', 'no bearer token, or not the runtime token');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return violation('malformed', `the body is not JSON: ${body.slice(0, 80)}`);
    }
    const names = protoNameProblems(method.I, json, method.I.typeName);
    if (names.length > 0) return violation('malformed', names.join('; '));
    let input: object;
    try {
      input = method.I.fromJson(json as never, { ignoreUnknownFields: false });
    } catch (error) {
      return violation('malformed', `not a ${method.I.typeName}: ${(error as Error).message}`);
    }
    const call: TwirpCall = { method: method.name, input, headers };
    calls.push(call);
    const fault =
      faults.get(method.name)?.shift() ??
      faults.get('*')?.shift() ??
      every.get(method.name) ??
      every.get('*');
    if (fault === 'reset') {
      call.status = 0;
      response.socket?.destroy();
      return;
    }
    if (fault) return answerError(call, response, fault);
    const handler = handlers[method.name];
    if (!handler) return answerError(call, response, new TwirpError('unimplemented', method.name));
    let output: object;
    try {
      output = await handler(input, call);
    } catch (error) {
      if (error instanceof TwirpError) return answerError(call, response, error);
      throw error;
    }
    // The Go server emits proto field names and unpopulated fields (Twirp's defaults).
    const text = JSON.stringify(
      method.O.toJson(output, { useProtoFieldName: true, emitDefaultValues: true }),
    );
    call.status = 200;
    response.writeHead(200, { 'content-type': 'application/json' }).end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    calls,
    violations,
    fault: (method, ...list) => faults.set(method, [...(faults.get(method) ?? []), ...list]),
    failEvery: (fault, method = '*') => {
      if (fault) every.set(method, fault);
      else every.delete(method);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerError(call: TwirpCall, response: ServerResponse, error: TwirpError): void {
  call.status = twirpStatus[error.code];
  sendError(response, error);
}

function sendError(response: ServerResponse, error: TwirpError): void {
  if (response.headersSent) return;
  response
    .writeHead(twirpStatus[error.code], { 'content-type': 'application/json' })
    .end(JSON.stringify({ code: error.code, msg: error.message }));
}

/**
 * The well-known types whose proto3 JSON form is not an object of their fields
 * (protobuf.dev/programming-guides/json): a Timestamp or Duration is a string, a wrapper
 * the bare value, a Struct any object, an Any names its type in `@type`. fromJson reads them
 * by those forms, and refuses what is not one.
 */
const ownJsonForm = new Set(
  [
    'Any',
    'Duration',
    'FieldMask',
    'Struct',
    'Value',
    'ListValue',
    'Timestamp',
    'DoubleValue',
    'FloatValue',
    'Int64Value',
    'UInt64Value',
    'Int32Value',
    'UInt32Value',
    'BoolValue',
    'StringValue',
    'BytesValue',
  ].map((name) => `google.protobuf.${name}`),
);

/**
 * The clients send proto field names (`useProtoFieldName: true`, `signed_upload_url`), which
 * fromJson would accept as JSON names (`signedUploadUrl`) too: check the names themselves,
 * into nested messages (not into the well-known types that have a JSON form of their own).
 */
function protoNameProblems(type: MessageType, json: unknown, path: string): string[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return [`${path} is not a JSON object`];
  return Object.entries(json).flatMap(([name, value]) => {
    const field = type.fields.find((candidate) => candidate.name === name);
    if (!field) return [`${path} has no field ${name}`];
    if (field.kind !== 'message' || value === null) return [];
    const nested = (field.T as () => MessageType)();
    if (ownJsonForm.has(nested.typeName)) return [];
    const values = Array.isArray(value) ? value : [value];
    return values.flatMap((item) => protoNameProblems(nested, item, `${path}.${name}`));
  });
}
