/**
 * The Actions results service on a loopback port, as far as an artifact upload with the
 * real @actions/artifact goes: Twirp `github.actions.results.api.v1.ArtifactService`
 * (CreateArtifact, FinalizeArtifact) under ACTIONS_RESULTS_URL, authorised by
 * ACTIONS_RUNTIME_TOKEN, a JWT whose `scp` claim carries the run's and the job's backend
 * ids, and the Azure blob storage (blob-storage.ts, shared with the cache double) behind
 * the signed upload URL. Every request is checked against the protocol
 * (artifact-protocol.ts, blob-storage.ts); anything off it lands in `violations`, which a
 * test asserts empty. Uploaded zips are kept for the test to open (`files`).
 *
 * The Twirp side is its own rather than twirp.ts's: a run has a runtime token per job, and
 * the artifact messages carry google.protobuf.Timestamp and StringValue fields, whose JSON
 * forms (a string, the bare value) twirp.ts's field-name check reads as nested objects.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ArtifactMethod,
  artifactService,
  checkMessage,
  type Message,
  methods,
  type TwirpCode,
  TwirpError,
} from './artifact-protocol.ts';
import { zipFiles } from './artifact-zip.ts';
import { type BlobStorage, startBlobStorage } from './blob-storage.ts';

export interface StoredArtifact {
  /** Set when finalized. */
  id?: number;
  name: string;
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
  version: number;
  mimeType?: string;
  expiresAt?: Date;
  /** Its blob's name in the storage double. */
  blob: string;
  /** The finalized zip. */
  zip?: Buffer;
  /** `sha256:<hex>`, as FinalizeArtifact gave it. */
  hash?: string;
}

/** A fault of the Twirp side; blob storage takes its own (`storage.fault`). */
export interface ArtifactFault {
  on: ArtifactMethod;
  /** A Twirp error, a bare HTTP status, or the connection dropped before any answer. */
  answer: { twirp: TwirpCode; msg?: string } | { status: number } | 'drop';
  /** How many matching calls fail; default every one. */
  times?: number;
}

export interface RecordedCall {
  call: ArtifactMethod | 'unknown';
  status: number;
}

interface Job {
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
}

export class ArtifactServiceDouble {
  readonly calls: RecordedCall[] = [];
  /** The upload URLs handed out, in order. */
  readonly signedUrls: string[] = [];
  readonly #violations: string[] = [];
  readonly #artifacts: StoredArtifact[] = [];
  #storage: BlobStorage | undefined;
  readonly #tokens = new Map<string, Job>();
  readonly #faults: { fault: ArtifactFault; fired: number }[] = [];
  readonly #server: Server;
  readonly #run: string = randomUUID();
  #nextId = 4_200_000_001;
  #url = '';

  constructor() {
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        this.#violations.push(`double crashed on ${request.method} ${request.url}: ${error}`);
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
  }

  async start(): Promise<this> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    this.#storage = await startBlobStorage();
    return this;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.#storage?.close();
  }

  /** The blob storage the signed URLs point at: its requests, blobs and faults. */
  get storage(): BlobStorage {
    if (!this.#storage) throw new Error('start the double first');
    return this.#storage;
  }

  /** What the Twirp side and the blob storage saw off the protocol. */
  get violations(): string[] {
    return [...this.#violations, ...(this.#storage?.violations ?? [])];
  }

  /** ACTIONS_RESULTS_URL (the runner's ends with a slash). */
  get url(): string {
    return `${this.#url}/`;
  }

  /**
   * The variables the runner gives a new job: ACTIONS_RESULTS_URL and a fresh
   * ACTIONS_RUNTIME_TOKEN. Jobs of one workflow run (a matrix's legs) share `run`, its
   * backend id; artifact names are unique per run. Default: the double's one run.
   */
  jobEnv(run = this.#run): Record<string, string> {
    return { ACTIONS_RESULTS_URL: this.url, ACTIONS_RUNTIME_TOKEN: this.runtimeToken(run) };
  }

  /** A runtime token of a new job in the run `run` (default: the double's one run). */
  runtimeToken(run = this.#run): string {
    const job = { workflowRunBackendId: run, workflowJobRunBackendId: randomUUID() };
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      nameid: 'dddddddd-dddd-dddd-dddd-dddddddddddd',
      // The shape @actions/artifact's getBackendIdsFromToken reads: scopes separated by
      // spaces, `Actions.Results:<run backend id>:<job backend id>` among them.
      scp: `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.UploadArtifacts:${job.workflowRunBackendId}:${job.workflowJobRunBackendId} Actions.Results:${job.workflowRunBackendId}:${job.workflowJobRunBackendId}`,
      IdentityTypeClaim: 'System:ServiceIdentity',
      iss: 'vstoken.actions.githubusercontent.com',
      aud: 'vstoken.actions.githubusercontent.com',
      nbf: now - 60,
      exp: now + 6 * 3600,
    };
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${part({ typ: 'JWT', alg: 'RS256' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`;
    this.#tokens.set(token, job);
    return token;
  }

  /** Makes matching calls fail, in the order added; each rule counts its own. */
  fail(fault: ArtifactFault): void {
    this.#faults.push({ fault, fired: 0 });
  }

  /** The finalized artifacts of every run, in upload order. */
  get artifacts(): StoredArtifact[] {
    return this.#artifacts.filter((artifact) => artifact.id !== undefined);
  }

  /** The files of the finalized artifact with this id, as text by their path in the zip. */
  files(id: number | string | undefined): Record<string, string> {
    const artifact = this.artifacts.find((candidate) => String(candidate.id) === String(id));
    if (!artifact?.zip) throw new Error(`the double holds no artifact ${id}`);
    return zipFiles(artifact.zip);
  }

  /** The content type the artifact's blob was committed with (Put Block List's header). */
  contentType(id: number | string | undefined): string | undefined {
    const artifact = this.artifacts.find((candidate) => String(candidate.id) === String(id));
    const commit = this.storage.requests.findLast(
      (request) => request.blob === artifact?.blob && request.operation === 'put-block-list',
    );
    return commit?.headers['x-ms-blob-content-type'] as string | undefined;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', this.#url);
    const call = callOf(url);
    const fault = this.#takeFault(call);
    if (fault === 'drop') {
      this.calls.push({ call, status: 0 });
      request.socket.destroy();
      return;
    }
    const reply = fault ? faultReply(fault) : this.#twirp(request, url, body.toString('utf8'));
    this.calls.push({ call, status: reply.status });
    response.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(reply.body)),
    });
    response.end(reply.body);
  }

  #takeFault(call: ArtifactMethod | 'unknown'): ArtifactFault['answer'] | undefined {
    for (const armed of this.#faults) {
      if (armed.fault.on !== call) continue;
      if (armed.fired >= (armed.fault.times ?? Number.POSITIVE_INFINITY)) continue;
      armed.fired++;
      return armed.fault.answer;
    }
    return undefined;
  }

  #twirp(request: IncomingMessage, url: URL, text: string) {
    try {
      const method = this.#route(request, url);
      const job = this.#tokens.get(
        /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '',
      );
      if (!job) throw new TwirpError('unauthenticated', 'invalid or missing runtime token');
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        this.#violations.push(`${method}: the body is not JSON`);
        throw new TwirpError('malformed', 'the json request could not be decoded');
      }
      const { message, problems } = checkMessage(methods[method].input, json);
      if (problems.length > 0) {
        this.#violations.push(...problems.map((problem) => `${method}: ${problem}`));
        throw new TwirpError('malformed', problems.join('; '));
      }
      if (
        message.workflow_run_backend_id !== job.workflowRunBackendId ||
        message.workflow_job_run_backend_id !== job.workflowJobRunBackendId
      ) {
        this.#violations.push(`${method}: backend ids are not the runtime token's`);
        throw new TwirpError('permission_denied', 'backend ids do not match the token');
      }
      const answer =
        method === 'CreateArtifact' ? this.#create(job, message) : this.#finalize(job, message);
      const output = checkMessage(methods[method].output, answer);
      this.#violations.push(
        ...output.problems.map((p) => `double answered ${method} wrongly: ${p}`),
      );
      return json200(answer);
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error;
      return {
        status: error.status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: error.code, msg: error.msg }),
      };
    }
  }

  #route(request: IncomingMessage, url: URL): ArtifactMethod {
    const match = /^\/twirp\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const method = match?.[2] as ArtifactMethod | undefined;
    if (
      request.method !== 'POST' ||
      match?.[1] !== artifactService ||
      !method ||
      !(method in methods)
    ) {
      this.#violations.push(
        `${request.method} ${url.pathname}: no such route of ${artifactService}`,
      );
      throw new TwirpError('bad_route', `no handler for path "${url.pathname}"`);
    }
    // The library's client is the JSON one; the double speaks no protobuf.
    if (!request.headers['content-type']?.startsWith('application/json')) {
      this.#violations.push(`${method}: Content-Type ${request.headers['content-type']}`);
      throw new TwirpError(
        'bad_route',
        `unexpected Content-Type: ${request.headers['content-type']}`,
      );
    }
    return method;
  }

  #create(job: Job, message: Message): Message {
    const name = String(message.name ?? '');
    const version = Number(message.version ?? 0);
    if (name === '') throw new TwirpError('invalid_argument', 'name is required');
    // Version 4 and later are the artifacts of upload-artifact v4 (the library sends 7).
    if (version < 4) throw new TwirpError('invalid_argument', `unsupported version ${version}`);
    const expiresAt =
      message.expires_at === undefined ? undefined : new Date(String(message.expires_at));
    if (expiresAt && expiresAt.getTime() <= Date.now())
      throw new TwirpError('invalid_argument', 'expires_at is in the past');
    const taken = this.#artifacts.some(
      (artifact) =>
        artifact.name === name && artifact.workflowRunBackendId === job.workflowRunBackendId,
    );
    if (taken)
      throw new TwirpError(
        'already_exists',
        'an artifact with this name already exists on the workflow run',
      );
    // Where github.com puts it: the run, the job, then a hash of the name.
    const blob = `${job.workflowRunBackendId}/workflow-job-run-${job.workflowJobRunBackendId}/artifacts/${createHash('sha256').update(name).digest('hex')}.zip`;
    this.#artifacts.push({
      name,
      ...job,
      version,
      ...(typeof message.mime_type === 'string' && { mimeType: message.mime_type }),
      ...(expiresAt && { expiresAt }),
      blob,
    });
    const signedUrl = this.storage.signedUrl(blob, 'cw');
    this.signedUrls.push(signedUrl);
    return { ok: true, signed_upload_url: signedUrl };
  }

  #finalize(job: Job, message: Message): Message {
    const name = String(message.name ?? '');
    const artifact = this.#artifacts.find(
      (candidate) =>
        candidate.name === name &&
        candidate.workflowJobRunBackendId === job.workflowJobRunBackendId &&
        candidate.id === undefined,
    );
    if (!artifact)
      throw new TwirpError('not_found', `no artifact ${name} is being uploaded by this job`);
    const zip = this.storage.blobs.get(artifact.blob);
    if (!zip) throw new TwirpError('failed_precondition', 'the artifact has no uploaded content');
    const size = String(message.size ?? '0');
    if (size !== String(zip.length)) {
      this.#violations.push(`FinalizeArtifact: size ${size} for a blob of ${zip.length} bytes`);
      throw new TwirpError('invalid_argument', 'size does not match the uploaded content');
    }
    const hash = `sha256:${createHash('sha256').update(zip).digest('hex')}`;
    if (message.hash !== undefined && message.hash !== hash) {
      this.#violations.push(`FinalizeArtifact: hash ${message.hash}, the blob's is ${hash}`);
      throw new TwirpError('invalid_argument', 'hash does not match the uploaded content');
    }
    artifact.id = this.#nextId++;
    artifact.zip = zip;
    if (message.hash !== undefined) artifact.hash = hash;
    return { ok: true, artifact_id: String(artifact.id) };
  }
}

/** A started double; close it after the test. */
export async function startArtifactService(): Promise<ArtifactServiceDouble> {
  return new ArtifactServiceDouble().start();
}

function callOf(url: URL): ArtifactMethod | 'unknown' {
  const name = /^\/twirp\/[^/]+\/([^/]+)$/.exec(url.pathname)?.[1];
  return name && name in methods ? (name as ArtifactMethod) : 'unknown';
}

function json200(message: Message) {
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  };
}

function faultReply(answer: Exclude<ArtifactFault['answer'], 'drop'>) {
  if ('twirp' in answer) {
    const error = new TwirpError(answer.twirp, answer.msg ?? `injected ${answer.twirp}`);
    return {
      status: error.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: error.code, msg: error.msg }),
    };
  }
  return {
    status: answer.status,
    headers: { 'content-type': 'text/plain' },
    body: 'injected fault',
  };
}
