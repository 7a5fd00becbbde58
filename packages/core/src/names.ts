import { distance } from 'fastest-levenshtein';

/**
 * The closest of `names` to `name` by edit distance, when close enough to be a likely
 * typo: at most a third of the name's length, and at least 2. The "did you mean" of
 * every rule that finds a name pointing at nothing.
 */
export function nearestName(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of new Set(names)) {
    const d = distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}
