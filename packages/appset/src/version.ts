/**
 * The Argo CD release whose ApplicationSet controller the preview imitates, and what of its
 * behaviour depends on it. Error texts are always the 3.x controller's; only the branches
 * below change with the version, each from the release that changed it.
 */

/** Oldest and newest minor releases whose semantics the engine implements. */
export const oldestArgocdVersion = '2.14';
/** The latest Argo CD release (3.5.1 at the time of writing): the default. */
export const latestArgocdVersion = '3.5';
export const supportedArgocdVersions = `${oldestArgocdVersion} to ${latestArgocdVersion}`;

export interface ArgocdVersion {
  major: number;
  minor: number;
  /** As given: `3.4`, `v3.4.2`. */
  text: string;
}

/** What changed between the supported releases, resolved for one release. */
export interface Semantics {
  version: ArgocdVersion;
  /**
   * 3.0 and later apply the `selector` of a generator inside a nested matrix or merge
   * always; before, only with `spec.applyNestedSelectors: true` (docs/operator-manual/
   * upgrading/2.14-3.0.md, "Ignoring ApplicationSet `applyNestedSelectors` field";
   * v2.14.0 applicationset/generators/matrix.go and merge.go, dropDisabledNestedSelectors).
   */
  nestedSelectorsAlways: boolean;
  /**
   * 3.0 and later render the pull request generator's `values` (v3.0.0
   * applicationset/generators/pull_request.go calls appendTemplatedValues; v2.14.0 does not).
   */
  pullRequestValues: boolean;
  /**
   * 3.4 and later flatten string maps (cluster labels and annotations, `values` in
   * goTemplate mode) for a generator's `selector`; before, such a map was one opaque leaf
   * printed as Go's `map[k:v]`, so `metadata.labels.env` matched nothing (argo-cd #26717,
   * v3.4.0 applicationset/generators/generator_spec_processor.go normalizeMapForFlatten).
   */
  selectorFlattensStringMaps: boolean;
}

/** An `argocd-version` outside the supported range or not a version at all. */
export class UnsupportedVersionError extends Error {
  override name = 'UnsupportedVersionError';
}

/** `3`, `3.4`, `v3.4.2`, `3.4.0-rc1`: the major and minor count. */
export function parseArgocdVersion(text: string): ArgocdVersion {
  const match = /^v?(\d+)(?:\.(\d+)(?:\.\d+(?:-[0-9A-Za-z.-]+)?)?)?$/.exec(text.trim());
  if (!match)
    throw new UnsupportedVersionError(
      `argocd-version ${JSON.stringify(text)} is not a version: give MAJOR.MINOR (supported: ${supportedArgocdVersions})`,
    );
  const major = Number(match[1]);
  // A bare major means its newest supported minor.
  const minor = match[2] === undefined ? newestMinor(major) : Number(match[2]);
  const version = { major, minor, text: text.trim() };
  if (compare(version, parseExact(oldestArgocdVersion)) < 0 || compare(version, latest()) > 0)
    throw new UnsupportedVersionError(
      `argocd-version ${text.trim()} is not supported: the preview implements Argo CD ${supportedArgocdVersions}`,
    );
  return version;
}

/** The semantics of a release; absent means the latest. */
export function semanticsOf(version: string | ArgocdVersion = latestArgocdVersion): Semantics {
  const v = typeof version === 'string' ? parseArgocdVersion(version) : version;
  const since = (major: number, minor: number) => compare(v, { major, minor }) >= 0;
  return {
    version: v,
    nestedSelectorsAlways: since(3, 0),
    pullRequestValues: since(3, 0),
    selectorFlattensStringMaps: since(3, 4),
  };
}

function newestMinor(major: number): number {
  const l = latest();
  if (major === l.major) return l.minor;
  if (major === 2) return 14;
  return -1; // reported as unsupported
}

function latest(): ArgocdVersion {
  return parseExact(latestArgocdVersion);
}

function parseExact(text: string): ArgocdVersion {
  const [major, minor] = text.split('.').map(Number);
  return { major: major!, minor: minor!, text };
}

function compare(a: { major: number; minor: number }, b: { major: number; minor: number }) {
  return a.major - b.major || a.minor - b.minor;
}
