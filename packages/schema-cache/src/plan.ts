import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  downloadsSchemas,
  type SchemaCacheKeys,
  type SchemaSource,
  schemaCacheKeys,
} from './key.ts';

/** What a step keeps in the Actions cache: one folder, under keys derived from its source. */
export interface SchemaCachePlan extends SchemaCacheKeys {
  /** Absolute path of the schema folder the job reads and writes. */
  readonly directory: string;
  /** False in offline mode: a run that downloads nothing has nothing new to save. */
  readonly save: boolean;
}

export interface SchemaCacheRequest extends SchemaSource {
  /** The `schema-cache` input: false keeps nothing across runs. */
  readonly enabled: boolean;
  /** The folder the user chose (absolute); default: a folder under RUNNER_TEMP. */
  readonly directory?: string | undefined;
  readonly offline?: boolean | undefined;
  /** Tells apart jobs of one run that keep different folders (a matrix shard: `shard-2-of-4`). */
  readonly job?: string | undefined;
}

/** The folder name under RUNNER_TEMP when the user names none. */
export const defaultFolderName = 'fleetops-schemas';

/**
 * The plan of one step, or undefined when there is nothing to keep: the cache is turned off,
 * or every location is local. `env` is the runner's: RUNNER_TEMP, RUNNER_OS, GITHUB_RUN_ID,
 * GITHUB_RUN_ATTEMPT.
 */
export function planSchemaCache(
  request: SchemaCacheRequest,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SchemaCachePlan | undefined {
  if (!request.enabled || !downloadsSchemas(request)) return undefined;
  // The folder's absolute path is part of the cache version @actions/cache computes, so the
  // default must not move from run to run: RUNNER_TEMP does not on a given runner.
  const directory = request.directory ?? path.join(env.RUNNER_TEMP || tmpdir(), defaultFolderName);
  const keys = schemaCacheKeys(request, {
    os: env.RUNNER_OS || runnerOs(process.platform),
    // Outside a workflow run there is no id; the time keeps keys apart all the same.
    runId: env.GITHUB_RUN_ID || String(Date.now()),
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    job: request.job,
  });
  return { directory, ...keys, save: !request.offline };
}

/** RUNNER_OS's words for Node's platforms. */
function runnerOs(platform: NodeJS.Platform): string {
  return { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[platform as string] ?? platform;
}
