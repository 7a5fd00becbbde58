/**
 * A job's full report kept as an artifact of the workflow run, through @actions/artifact
 * (the library of actions/upload-artifact v4 and later), so that a comment cut to fit can
 * link to it. Uploading is a convenience on top of the job summary: it never throws, and
 * every failure (not in a runner, GitHub Enterprise Server, the results service or blob
 * storage down) comes back as a reason for a warning.
 */
import {
  DefaultArtifactClient,
  type UploadArtifactOptions,
  type UploadArtifactResponse,
} from '@actions/artifact';

export interface ArtifactUpload {
  /**
   * The artifact's name. Artifacts (v4) are unique per name in a workflow run; when the
   * name is taken (a matrix, or the action twice in one job), `-2`, `-3`, ... is added.
   */
  name: string;
  /** Absolute paths of the files, each under `rootDirectory`; the zip keeps their paths below it. */
  files: string[];
  rootDirectory: string;
  /** Days to keep the artifact; absent: the repository's setting (90 days unless changed). */
  retentionDays?: number;
}

export type ArtifactResult =
  | {
      status: 'uploaded';
      /** The name it got: `ArtifactUpload.name`, or that with a suffix when the name was taken. */
      name: string;
      id: number;
      /** The artifact's page; absent without GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID. */
      url?: string;
      /** Bytes of the zip. */
      size?: number;
      /** SHA-256 of the zip, hex. */
      digest?: string;
    }
  | { status: 'failed'; name: string; reason: string };

/** The one call of @actions/artifact's client used here; a test may pass its own. */
export interface ArtifactUploader {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: UploadArtifactOptions,
  ): Promise<UploadArtifactResponse>;
}

export interface ArtifactOptions {
  /** Default: @actions/artifact's DefaultArtifactClient, which reads `process.env` itself. */
  uploader?: ArtifactUploader;
  /** The runner's variables checked before uploading and used for the URL. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Progress worth a log line (a taken name). */
  log?: (message: string) => void;
}

/** Names tried after the first: `name-2` ... `name-10`; a run rarely holds more jobs alike. */
const maxNameAttempts = 10;

/** Uploads `upload.files` as one zip artifact. Never throws; a failure is `{ status: 'failed' }`. */
export async function uploadArtifact(
  upload: ArtifactUpload,
  options: ArtifactOptions = {},
): Promise<ArtifactResult> {
  const env = options.env ?? process.env;
  const unavailable = artifactsUnavailable(env);
  if (unavailable) return { status: 'failed', name: upload.name, reason: unavailable };
  const uploader = options.uploader ?? new DefaultArtifactClient();
  const retention = upload.retentionDays ? { retentionDays: upload.retentionDays } : {};
  let name = upload.name;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await uploader.uploadArtifact(
        name,
        upload.files,
        upload.rootDirectory,
        retention,
      );
      if (response.id === undefined)
        return { status: 'failed', name, reason: 'the results service returned no artifact id' };
      const url = artifactUrl(env, response.id);
      return {
        status: 'uploaded',
        name,
        id: response.id,
        ...(url && { url }),
        ...(response.size !== undefined && { size: response.size }),
        ...(response.digest && { digest: response.digest }),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (!isNameTaken(reason) || attempt === maxNameAttempts)
        return { status: 'failed', name, reason };
      const next = `${upload.name}-${attempt + 1}`;
      options.log?.(`An artifact named ${name} exists in this workflow run; trying ${next}.`);
      name = next;
    }
  }
}

/**
 * Why no artifact can be uploaded on this machine, before any request: the variables the
 * runner gives a job for the results service are missing (not in a GitHub Actions job),
 * or the server is GitHub Enterprise Server, which @actions/artifact v2 and later refuse.
 */
export function artifactsUnavailable(
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((name) => !env[name]);
  if (missing.length > 0)
    return `not running in a GitHub Actions job (${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set)`;
  // The same test as @actions/artifact's isGhes: github.com, *.ghe.com (GHE.com data
  // residency) and *.localhost have the results service; any other host is a GHES.
  const host = hostOf(env.GITHUB_SERVER_URL || 'https://github.com');
  if (host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost'))
    return `GitHub Enterprise Server (${host}) does not support artifacts of @actions/artifact v2+ (actions/upload-artifact v4)`;
  return undefined;
}

/** The artifact's page in the run, as actions/upload-artifact's `artifact-url` output. */
export function artifactUrl(
  env: Readonly<Record<string, string | undefined>>,
  id: number,
): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}/artifacts/${id}`;
}

// @actions/artifact refuses these in a name (NTFS and other file systems cannot hold them).
const forbidden = ['"', ':', '<', '>', '|', '*', '?', '\\', '/', '\r', '\n'];

/** What is wrong with an artifact name, for the input's error; undefined when it is fine. */
export function artifactNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  const found = forbidden.filter((character) => name.includes(character));
  if (found.length === 0) return undefined;
  const shown = found.map((character) =>
    character === '\r'
      ? 'a carriage return'
      : character === '\n'
        ? 'a line feed'
        : `'${character}'`,
  );
  return `contains ${shown.join(', ')}; an artifact name may not contain " : < > | * ? \\ / or line breaks`;
}

/**
 * The results service's answer to a name already used in the run, as @actions/artifact
 * words it: "Failed to CreateArtifact: Received non-retryable error: Failed request: (409)
 * Conflict: an artifact with this name already exists on the workflow run".
 */
function isNameTaken(message: string): boolean {
  return message.includes('CreateArtifact') && message.includes('(409)');
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return url;
  }
}
