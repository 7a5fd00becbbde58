// The double's idea of the ArtifactService protocol is the library's: its field tables are
// compared with the reflection data of @actions/artifact's generated protobuf-ts code, and
// its proto3 JSON reader accepts what that code writes and refuses what it cannot mean.
import { describe, expect, it } from 'vitest';
import { checkMessage, type Field, jsonName, messages } from './artifact-protocol.ts';

interface GeneratedField {
  no: number;
  name: string;
  kind: string;
  repeat?: number;
  T: number | (() => { typeName: string });
}
interface GeneratedMessage {
  typeName: string;
  fields: readonly GeneratedField[];
  toJson(message: unknown, options: object): unknown;
  create(value?: object): unknown;
}

// The package exports only its client; the generated code is read from its files, the
// version the test package and packages/github both depend on.
const generated = new URL(
  '../node_modules/@actions/artifact/lib/generated/index.js',
  import.meta.url,
).href;
const library = (await import(generated)) as Record<string, GeneratedMessage>;

// protobuf-ts's ScalarType numbers.
const scalar: Record<number, Field['type']> = { 3: 'int64', 5: 'int32', 8: 'bool', 9: 'string' };

describe('the ArtifactService messages of the double', () => {
  it.each(Object.keys(messages))('%s matches the generated code', (typeName) => {
    const type = library[typeName.slice(typeName.lastIndexOf('.') + 1)];
    expect(type?.typeName).toBe(typeName);
    const fields = type?.fields.map((field) => ({
      no: field.no,
      name: field.name,
      type: typeof field.T === 'function' ? field.T().typeName : scalar[field.T],
      ...(field.repeat ? { repeated: true } : {}),
    }));
    expect(fields).toEqual(messages[typeName]);
  });

  it('reads what the generated JSON client writes', () => {
    const request = library.CreateArtifactRequest!.create({
      workflowRunBackendId: 'run',
      workflowJobRunBackendId: 'job',
      name: 'report',
      version: 7,
      expiresAt: library.Timestamp!.create({ seconds: '1900000000', nanos: 5_000_000 }),
      mimeType: { value: 'application/zip' },
    });
    const json = library.CreateArtifactRequest!.toJson(request, {
      useProtoFieldName: true,
      emitDefaultValues: false,
    });
    expect(checkMessage('github.actions.results.api.v1.CreateArtifactRequest', json)).toEqual({
      message: {
        workflow_run_backend_id: 'run',
        workflow_job_run_backend_id: 'job',
        name: 'report',
        version: 7,
        expires_at: '2030-03-17T17:46:40.005Z',
        mime_type: 'application/zip',
      },
      problems: [],
    });
    const finalize = library.FinalizeArtifactRequest!.toJson(
      library.FinalizeArtifactRequest!.create({
        name: 'report',
        size: '123',
        hash: { value: 'sha256:ab' },
      }),
      { useProtoFieldName: true, emitDefaultValues: false },
    );
    expect(finalize).toEqual({ name: 'report', size: '123', hash: 'sha256:ab' });
    expect(
      checkMessage('github.actions.results.api.v1.FinalizeArtifactRequest', finalize).problems,
    ).toEqual([]);
  });

  it('refuses unknown fields and values of the wrong type', () => {
    const { problems } = checkMessage('github.actions.results.api.v1.FinalizeArtifactRequest', {
      name: 7,
      size: '12.5',
      hash: { value: 'sha256:ab' },
      workflowRunBackendId: 'run',
      artifact_name: 'report',
    });
    expect(problems).toEqual([
      'FinalizeArtifactRequest.name must be a string: 7',
      'FinalizeArtifactRequest.size must be a 64-bit integer: "12.5"',
      'FinalizeArtifactRequest.hash must be a string: {"value":"sha256:ab"}',
      'FinalizeArtifactRequest has no field artifact_name',
    ]);
    expect(
      checkMessage('github.actions.results.api.v1.CreateArtifactRequest', {
        version: 2 ** 31,
        expires_at: '2030-03-17 17:46:40',
      }).problems,
    ).toEqual([
      'CreateArtifactRequest.version must be a 32-bit integer: 2147483648',
      'CreateArtifactRequest.expires_at must be an RFC 3339 timestamp: "2030-03-17 17:46:40"',
    ]);
  });

  it('names JSON fields in lowerCamelCase', () => {
    expect(jsonName('workflow_job_run_backend_id')).toBe('workflowJobRunBackendId');
  });
});
