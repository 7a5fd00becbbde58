// The Twirp server reads requests as the proto3 JSON mapping has them, the well-known types
// in their own forms: what @actions/artifact's generated client writes (a Timestamp as an
// RFC 3339 string, a StringValue as the bare string) passes, and what it cannot mean does not.
import { afterEach, describe, expect, it } from 'vitest';
import {
  ArtifactService,
  CreateArtifactRequest,
  FinalizeArtifactRequest,
} from '../node_modules/@actions/artifact/lib/generated/results/api/v1/artifact.js';
import { type MessageType, startTwirpServer, type TwirpServer } from './twirp.ts';

let server: TwirpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(tokens: string[]): Promise<TwirpServer> {
  server = await startTwirpServer(
    ArtifactService,
    {
      CreateArtifact: () => ({ ok: true, signedUploadUrl: 'https://blob.example/a' }),
      FinalizeArtifact: () => ({ ok: true, artifactId: '7' }),
    },
    { token: (token) => tokens.includes(token) },
  );
  return server;
}

async function post(method: string, body: unknown, token = 'job-1'): Promise<number> {
  const url = new URL(`twirp/github.actions.results.api.v1.ArtifactService/${method}`, server?.url);
  const response = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** A request as the library's client writes it (artifact-twirp-client.js). */
function clientJson(type: unknown, message: object): unknown {
  // toJson is MessageType's, from @protobuf-ts/runtime, whose types the test cannot resolve.
  return (type as MessageType).toJson(message as never, {
    useProtoFieldName: true,
    emitDefaultValues: false,
  });
}

describe('the Twirp server, with the proto3 JSON of well-known types', () => {
  it('reads what the generated JSON client writes: a Timestamp string, a bare StringValue', async () => {
    const twirp = await start(['job-1']);
    const createRequest = CreateArtifactRequest.create({
      workflowRunBackendId: 'run',
      workflowJobRunBackendId: 'job',
      name: 'report',
      version: 7,
      expiresAt: { seconds: '1900000000', nanos: 5_000_000 },
      mimeType: { value: 'application/zip' },
    });
    const finalizeRequest = FinalizeArtifactRequest.create({
      name: 'report',
      size: '123',
      hash: { value: 'sha256:ab' },
    });
    const create = clientJson(CreateArtifactRequest, createRequest);
    const finalize = clientJson(FinalizeArtifactRequest, finalizeRequest);
    expect(create).toMatchObject({
      expires_at: '2030-03-17T17:46:40.005Z',
      mime_type: 'application/zip',
    });
    expect(finalize).toEqual({ name: 'report', size: '123', hash: 'sha256:ab' });

    expect(await post('CreateArtifact', create)).toBe(200);
    expect(await post('FinalizeArtifact', finalize)).toBe(200);

    expect(twirp.violations).toEqual([]);
    // Read back as the very messages the client wrote.
    expect(twirp.calls.map(({ method, input, status }) => ({ method, input, status }))).toEqual([
      { method: 'CreateArtifact', input: createRequest, status: 200 },
      { method: 'FinalizeArtifact', input: finalizeRequest, status: 200 },
    ]);
  });

  it('refuses a wrapper written as an object, values of the wrong type, unknown fields', async () => {
    const twirp = await start(['job-1']);

    expect(await post('FinalizeArtifact', { name: 'r', hash: { value: 'sha256:ab' } })).toBe(400);
    expect(await post('FinalizeArtifact', { name: 'r', size: '12.5' })).toBe(400);
    expect(await post('FinalizeArtifact', { name: 7 })).toBe(400);
    expect(await post('CreateArtifact', { version: 2 ** 31 })).toBe(400);
    expect(await post('CreateArtifact', { expires_at: '2030-03-17 17:46:40' })).toBe(400);
    expect(await post('FinalizeArtifact', { artifact_name: 'r' })).toBe(400);
    expect(await post('FinalizeArtifact', { workflowRunBackendId: 'run' })).toBe(400);

    expect(twirp.calls).toEqual([]);
    expect(twirp.violations).toEqual([
      expect.stringContaining('not a github.actions.results.api.v1.FinalizeArtifactRequest'),
      expect.stringContaining('not a github.actions.results.api.v1.FinalizeArtifactRequest'),
      expect.stringContaining('not a github.actions.results.api.v1.FinalizeArtifactRequest'),
      expect.stringContaining('not a github.actions.results.api.v1.CreateArtifactRequest'),
      expect.stringContaining('not a github.actions.results.api.v1.CreateArtifactRequest'),
      expect.stringContaining('has no field artifact_name'),
      expect.stringContaining('has no field workflowRunBackendId'),
    ]);
  });

  it('takes the tokens its check accepts, one per job', async () => {
    const twirp = await start(['job-1', 'job-2']);

    expect(await post('FinalizeArtifact', { name: 'r' }, 'job-1')).toBe(200);
    expect(await post('FinalizeArtifact', { name: 'r' }, 'job-2')).toBe(200);
    expect(await post('FinalizeArtifact', { name: 'r' }, 'job-3')).toBe(401);

    expect(twirp.violations).toEqual([expect.stringContaining('not the runtime token')]);
  });
});
