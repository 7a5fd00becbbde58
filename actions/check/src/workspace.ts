import path from 'node:path';
import { type Finding, type RelatedLocation, relatedLocation } from '@fleetops/core';

/**
 * Findings name files relative to the checked root (the `path` input); GitHub resolves
 * annotation and SARIF paths against the repository, i.e. the workspace. Rebase them so
 * `path: clusters/` still annotates the right file.
 */
export function relativeToWorkspace(
  findings: readonly Finding[],
  root: string,
  workspace: string,
): Finding[] {
  const prefix = path.relative(workspace, root).split(path.sep).join('/');
  if (prefix === '') return [...findings];
  // relatedLocation, not a spread: a deferred location's line is behind a getter.
  const rebase = (location: RelatedLocation): RelatedLocation => ({
    ...relatedLocation(location, location.message),
    file: path.posix.join(prefix, location.file),
  });
  return findings.map((finding) => ({
    ...finding,
    location: rebase(finding.location),
    ...(finding.related && { related: finding.related.map(rebase) }),
  }));
}
