/**
 * The wire contract of the Actions results service's ArtifactService, as @actions/artifact
 * speaks it: Twirp over HTTP with proto3 JSON bodies. The field tables below state the
 * messages of `github.actions.results.api.v1` (results/api/v1/artifact.proto) as the
 * library's generated code declares them; artifact-protocol.test.ts compares them with
 * that code, so a library upgrade that changes the protocol fails there first.
 */

export const artifactService = 'github.actions.results.api.v1.ArtifactService';

export type FieldType =
  | 'string'
  | 'int32'
  | 'int64'
  | 'bool'
  | 'google.protobuf.Timestamp'
  | 'google.protobuf.StringValue'
  | 'google.protobuf.Int64Value';

export interface Field {
  no: number;
  /** The proto field name; proto3 JSON also accepts its lowerCamelCase JSON name. */
  name: string;
  type: FieldType;
  /** Repeated fields are JSON arrays. */
  repeated?: true;
}

const ids: Field[] = [
  { no: 1, name: 'workflow_run_backend_id', type: 'string' },
  { no: 2, name: 'workflow_job_run_backend_id', type: 'string' },
];

/** Every message of the service, keyed by its full name. */
export const messages: Record<string, Field[]> = {
  'github.actions.results.api.v1.CreateArtifactRequest': [
    ...ids,
    { no: 3, name: 'name', type: 'string' },
    { no: 4, name: 'expires_at', type: 'google.protobuf.Timestamp' },
    { no: 5, name: 'version', type: 'int32' },
    { no: 6, name: 'mime_type', type: 'google.protobuf.StringValue' },
  ],
  'github.actions.results.api.v1.CreateArtifactResponse': [
    { no: 1, name: 'ok', type: 'bool' },
    { no: 2, name: 'signed_upload_url', type: 'string' },
  ],
  'github.actions.results.api.v1.FinalizeArtifactRequest': [
    ...ids,
    { no: 3, name: 'name', type: 'string' },
    { no: 4, name: 'size', type: 'int64' },
    { no: 5, name: 'hash', type: 'google.protobuf.StringValue' },
  ],
  'github.actions.results.api.v1.FinalizeArtifactResponse': [
    { no: 1, name: 'ok', type: 'bool' },
    { no: 2, name: 'artifact_id', type: 'int64' },
  ],
};

/** The methods the double serves and their messages (ListArtifacts and the rest are not used by an upload). */
export const methods = {
  CreateArtifact: {
    input: 'github.actions.results.api.v1.CreateArtifactRequest',
    output: 'github.actions.results.api.v1.CreateArtifactResponse',
  },
  FinalizeArtifact: {
    input: 'github.actions.results.api.v1.FinalizeArtifactRequest',
    output: 'github.actions.results.api.v1.FinalizeArtifactResponse',
  },
} as const;

export type ArtifactMethod = keyof typeof methods;

/** Twirp's error codes and the HTTP status each one is sent with (the Twirp v7 spec). */
export const twirpStatus = {
  canceled: 408,
  unknown: 500,
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
  dataloss: 500,
} as const;

export type TwirpCode = keyof typeof twirpStatus;

/** A Twirp error: `{ code, msg }` as JSON, with the code's status. */
export class TwirpError extends Error {
  constructor(
    readonly code: TwirpCode,
    readonly msg: string,
  ) {
    super(`${code}: ${msg}`);
  }

  get status(): number {
    return twirpStatus[this.code];
  }
}

/** A message read from proto3 JSON: proto field names, values as the JSON mapping gives them. */
export type Message = Record<string, unknown>;

/**
 * Reads `json` as the proto3 JSON form of `type`: an object whose keys are the message's
 * fields (proto or JSON name), each value of the field's JSON form, `null` meaning the
 * default. Returns the problems found; an empty list means the message is well formed.
 */
export function checkMessage(
  type: string,
  json: unknown,
): { message: Message; problems: string[] } {
  const fields = messages[type];
  if (!fields) return { message: {}, problems: [`${type} is not a message of the service`] };
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { message: {}, problems: [`${short(type)} must be a JSON object`] };
  const message: Message = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    const field = fields.find((f) => f.name === key || jsonName(f.name) === key);
    if (!field) {
      problems.push(`${short(type)} has no field ${key}`);
      continue;
    }
    if (field.name in message) problems.push(`${short(type)}.${field.name} is given twice`);
    if (value === null) continue;
    const problem = field.repeated
      ? Array.isArray(value)
        ? value.map((item) => checkValue(field.type, item)).find(Boolean)
        : 'must be an array'
      : checkValue(field.type, value);
    if (problem) problems.push(`${short(type)}.${field.name} ${problem}: ${JSON.stringify(value)}`);
    else message[field.name] = value;
  }
  return { message, problems };
}

/** The proto3 JSON name: lowerCamelCase of the proto name. */
export function jsonName(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
// RFC 3339 with a 'Z' or an offset; proto3 JSON writes 0, 3, 6 or 9 fractional digits.
const timestamp =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function checkValue(type: FieldType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
    case 'google.protobuf.StringValue':
      return typeof value === 'string' ? undefined : 'must be a string';
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'int32': {
      // Numbers, or decimal strings, both accepted by proto3 JSON.
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      return typeof n === 'number' && Number.isInteger(n) && n >= int32.min && n <= int32.max
        ? undefined
        : 'must be a 32-bit integer';
    }
    case 'int64':
    case 'google.protobuf.Int64Value': {
      // Written as a decimal string (64 bits do not fit a JSON number); numbers are accepted.
      const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      if (typeof text !== 'string' || !/^-?\d+$/.test(text)) return 'must be a 64-bit integer';
      const n = BigInt(text);
      return n >= int64.min && n <= int64.max ? undefined : 'must be a 64-bit integer';
    }
    case 'google.protobuf.Timestamp':
      return typeof value === 'string' && timestamp.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be an RFC 3339 timestamp';
  }
}

function short(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}
