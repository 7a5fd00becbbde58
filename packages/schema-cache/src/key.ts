import { createHash } from 'node:crypto';
import { DEFAULT_LOCATIONS, parseSchemaLocation } from '@fleetops/schemas';

/** What decides which URLs a run downloads, and so what its schema cache holds. */
export interface SchemaSource {
  /** kubeconform `-schema-location`s as given; absent or empty means the defaults. */
  readonly locations?: readonly string[] | undefined;
  /** `master` (the default) or x.y.z: `{{ .NormalizedKubernetesVersion }}`. */
  readonly kubernetesVersion?: string | undefined;
  /** kubeconform `-strict`: `{{ .StrictSuffix }}` in the default location. */
  readonly strict?: boolean | undefined;
}

/** The run that saves: GitHub's cache entries are immutable, so every save needs a new key. */
export interface RunIdentity {
  /** RUNNER_OS (`Linux`, `Windows`, `macOS`). */
  readonly os: string;
  /** GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT: a re-run saves beside its first attempt. */
  readonly runId: string;
  readonly runAttempt: string;
  /**
   * Tells apart the jobs of one run that save different folders under the same source
   * (the shards of a matrix), so they do not race for one key.
   */
  readonly job?: string | undefined;
}

export interface SchemaCacheKeys {
  /** The key this run saves under. */
  readonly key: string;
  /** The prefix of every key of the same source: restore takes the newest entry under it. */
  readonly restoreKeys: readonly string[];
}

export const keyPrefix = 'fleetops-schemas';

/**
 * Bumped when the folder's layout changes (it is kubeconform's: one file per URL, named by
 * the URL's SHA-256), so an old entry is never restored into a new layout.
 */
const layoutVersion = 1;

/** The effective locations: kubeconform's defaults when none are given. */
export function effectiveLocations(source: SchemaSource): readonly string[] {
  return source.locations && source.locations.length > 0 ? source.locations : DEFAULT_LOCATIONS;
}

/**
 * Whether a run with these locations downloads anything: only then is there something to
 * keep. Local folders and files are read in place every run.
 */
export function downloadsSchemas(source: SchemaSource): boolean {
  return effectiveLocations(source).some((location) => {
    try {
      return parseSchemaLocation(location).remote;
    } catch {
      // A location that does not parse fails the job itself, with its own message.
      return false;
    }
  });
}

/**
 * The cache keys of a schema folder, after the pattern actions/cache documents for a cache
 * that grows: `<prefix>-<os>-<hash>-<run>` to save, `<prefix>-<os>-<hash>-` to restore the
 * newest. The hash covers what the downloaded URLs depend on: the locations in order, the
 * Kubernetes version and strictness; offline mode and the folder's path do not change them.
 */
export function schemaCacheKeys(source: SchemaSource, run: RunIdentity): SchemaCacheKeys {
  const fingerprint = JSON.stringify({
    layout: layoutVersion,
    locations: effectiveLocations(source),
    kubernetesVersion: source.kubernetesVersion ?? 'master',
    strict: source.strict ?? false,
  });
  // 16 hex digits (64 bits) keep keys readable; two sources colliding is out of reach.
  const hash = createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
  const prefix = `${keyPrefix}-${keyPart(run.os)}-${hash}-`;
  const job = run.job ? `-${keyPart(run.job)}` : '';
  return {
    key: `${prefix}${keyPart(run.runId)}-${keyPart(run.runAttempt)}${job}`,
    restoreKeys: [prefix],
  };
}

/**
 * Keys may not hold commas (the cache service splits on them) and are at most 512
 * characters; a key part is lower-cased and reduced to letters, digits, dots and dashes.
 */
function keyPart(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || 'none'
  );
}
