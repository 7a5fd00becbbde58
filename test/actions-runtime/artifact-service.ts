/**
 * The Actions results service on a loopback port, as far as an artifact upload with the
 * real @actions/artifact goes: Twirp `github.actions.results.api.v1.ArtifactService`
 * (CreateArtifact, FinalizeArtifact; twirp.ts checks every request against the service
 * definition the library ships) under ACTIONS_RESULTS_URL, authorised by
 * ACTIONS_RUNTIME_TOKEN, a JWT whose `scp` claim carries the run's and the job's backend
 * ids, and the Azure blob storage (blob-storage.ts, shared with the cache double) behind
 * the signed upload URL. Anything off the protocol lands in `violations`, which a test
 * asserts empty. Uploaded zips are kept for the test to open (`files`).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Timestamp } from '../node_modules/@actions/artifact/lib/generated/google/protobuf/timestamp.js';
import { ArtifactService } from '../node_modules/@actions/artifact/lib/generated/results/api/v1/artifact.js';
import { zipFiles } from './artifact-zip.ts';
import { type BlobStorage, startBlobStorage } from './blob-storage.ts';
import {
  startTwirpServer,
  type TwirpCall,
  type TwirpCode,
  TwirpError,
  type TwirpServer,
} from './twirp.ts';

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

/** The methods an upload calls (ListArtifacts and the rest are answered unimplemented). */
export type ArtifactMethod = 'CreateArtifact' | 'FinalizeArtifact';

/** A fault of the Twirp side; blob storage takes its own (`storage.fault`). */
export interface ArtifactFault {
  on: ArtifactMethod;
  /** A Twirp error, or the connection dropped before any answer. */
  answer: { twirp: TwirpCode; msg?: string } | 'drop';
  /** How many matching calls fail; default every one. */
  times?: number;
}

export interface RecordedCall {
  call: string;
  /** The HTTP status answered; 0 when the connection was dropped. */
  status: number;
}

interface Job {
  workflowRunBackendId: string;
  workflowJobRunBackendId: string;
}

/** The inputs as fromJson reads them (protobuf-ts: lowerCamelCase, int64 as a string). */
interface CreateArtifactInput extends Job {
  name: string;
  version: number;
  expiresAt?: Timestamp;
  mimeType?: { value: string };
}

interface FinalizeArtifactInput extends Job {
  name: string;
  size: string;
  hash?: { value: string };
}

export class ArtifactServiceDouble {
  /** The upload URLs handed out, in order. */
  readonly signedUrls: string[] = [];
  readonly #violations: string[] = [];
  readonly #artifacts: StoredArtifact[] = [];
  #storage: BlobStorage | undefined;
  #twirp: TwirpServer | undefined;
  readonly #tokens = new Map<string, Job>();
  readonly #run: string = randomUUID();
  #nextId = 4_200_000_001;

  async start(): Promise<this> {
    this.#storage = await startBlobStorage();
    this.#twirp = await startTwirpServer(
      ArtifactService,
      {
        CreateArtifact: (input: CreateArtifactInput, call) =>
          this.#create(this.#job('CreateArtifact', input, call), input),
        FinalizeArtifact: (input: FinalizeArtifactInput, call) =>
          this.#finalize(this.#job('FinalizeArtifact', input, call), input),
      },
      { token: (token) => this.#tokens.has(token) },
    );
    return this;
  }

  async close(): Promise<void> {
    await this.#twirp?.close();
    await this.#storage?.close();
  }

  /** The blob storage the signed URLs point at: its requests, blobs and faults. */
  get storage(): BlobStorage {
    if (!this.#storage) throw new Error('start the double first');
    return this.#storage;
  }

  get #server(): TwirpServer {
    if (!this.#twirp) throw new Error('start the double first');
    return this.#twirp;
  }

  /** The calls that reached a method, in order, with the status each was answered. */
  get calls(): RecordedCall[] {
    return (this.#twirp?.calls ?? []).map((call) => ({
      call: call.method,
      status: call.status ?? 0,
    }));
  }

  /** What the Twirp side and the blob storage saw off the protocol. */
  get violations(): string[] {
    return [
      ...(this.#twirp?.violations ?? []),
      ...this.#violations,
      ...(this.#storage?.violations ?? []),
    ];
  }

  /** ACTIONS_RESULTS_URL (the runner's ends with a slash). */
  get url(): string {
    return this.#server.url;
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

  /** Makes matching calls fail, in the order added. */
  fail(fault: ArtifactFault): void {
    const answer =
      fault.answer === 'drop'
        ? 'reset'
        : new TwirpError(fault.answer.twirp, fault.answer.msg ?? `injected ${fault.answer.twirp}`);
    if (fault.times === undefined) this.#server.failEvery(answer, fault.on);
    else this.#server.fault(fault.on, ...Array<typeof answer>(fault.times).fill(answer));
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

  /** The job of the call's runtime token, whose backend ids the request must carry. */
  #job(method: ArtifactMethod, input: Job, call: TwirpCall): Job {
    // twirp.ts let the call through only with one of the tokens handed out.
    const token = /^Bearer (.+)$/.exec(call.headers.authorization ?? '')?.[1] ?? '';
    const job = this.#tokens.get(token);
    if (!job) throw new Error(`no job holds the token of ${method}`);
    if (
      input.workflowRunBackendId !== job.workflowRunBackendId ||
      input.workflowJobRunBackendId !== job.workflowJobRunBackendId
    ) {
      this.#violations.push(`${method}: backend ids are not the runtime token's`);
      throw new TwirpError('permission_denied', 'backend ids do not match the token');
    }
    return job;
  }

  #create(job: Job, input: CreateArtifactInput) {
    const { name, version } = input;
    if (name === '') throw new TwirpError('invalid_argument', 'name is required');
    // Version 4 and later are the artifacts of upload-artifact v4 (the library sends 7).
    if (version < 4) throw new TwirpError('invalid_argument', `unsupported version ${version}`);
    const expiresAt = input.expiresAt && Timestamp.toDate(input.expiresAt);
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
      ...(input.mimeType && { mimeType: input.mimeType.value }),
      ...(expiresAt && { expiresAt }),
      blob,
    });
    const signedUrl = this.storage.signedUrl(blob, 'cw');
    this.signedUrls.push(signedUrl);
    return { ok: true, signedUploadUrl: signedUrl };
  }

  #finalize(job: Job, input: FinalizeArtifactInput) {
    const { name, size } = input;
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
    if (size !== String(zip.length)) {
      this.#violations.push(`FinalizeArtifact: size ${size} for a blob of ${zip.length} bytes`);
      throw new TwirpError('invalid_argument', 'size does not match the uploaded content');
    }
    const hash = `sha256:${createHash('sha256').update(zip).digest('hex')}`;
    if (input.hash && input.hash.value !== hash) {
      this.#violations.push(`FinalizeArtifact: hash ${input.hash.value}, the blob's is ${hash}`);
      throw new TwirpError('invalid_argument', 'hash does not match the uploaded content');
    }
    artifact.id = this.#nextId++;
    artifact.zip = zip;
    if (input.hash) artifact.hash = hash;
    return { ok: true, artifactId: String(artifact.id) };
  }
}

/** A started double; close it after the test. */
export async function startArtifactService(): Promise<ArtifactServiceDouble> {
  return new ArtifactServiceDouble().start();
}
