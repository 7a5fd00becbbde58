/**
 * Cross-file findings (two clusters with overlapping pod ranges, two ExternalDNS instances
 * with one owner id) name one place as their location and the others as related places.
 * Which one a rule calls primary says nothing about which one a pull request changed: the
 * PR that moves cluster B onto cluster A's range gets the finding located on A, an
 * untouched file. Re-anchoring moves such a finding onto the related place the PR changed,
 * so the review comment lands on the line the author wrote; the old location becomes a
 * related place. The message names every cluster, so it reads right from either end.
 */
import { type Finding, type Location, type RelatedLocation, relatedLocation } from '@fleetops/core';
import type { FilterMode } from './diff-filter.ts';
import type { PullDiff } from './pull-diff.ts';

/** Each finding whose location the filter would not comment on, moved to the first related place it would. */
export function anchorToDiff(
  findings: readonly Finding[],
  diff: PullDiff,
  mode: FilterMode = 'added',
): Finding[] {
  const commentable = (place: Location): boolean => {
    const file = diff.get(place.file);
    const lines = mode === 'added' ? file?.added : file?.shown;
    return place.line !== undefined && lines?.has(place.line) === true;
  };
  return findings.map((finding) => {
    if (commentable(finding.location)) return finding;
    const related = finding.related ?? [];
    const anchor = related.find(commentable);
    if (!anchor) return finding;
    const location = relatedLocation(anchor);
    const former: RelatedLocation = relatedLocation(finding.location);
    return {
      ...finding,
      location,
      related: [former, ...related.filter((place) => place !== anchor)],
    };
  });
}
