import { isFeatureAvailable, restoreCache, saveCache } from '@actions/cache';
import type { CacheStore } from './persist.ts';

/**
 * The Actions cache, through @actions/cache: the runner hands JavaScript actions the cache
 * service's address and a token (ACTIONS_RESULTS_URL with ACTIONS_CACHE_SERVICE_V2 on
 * github.com, ACTIONS_CACHE_URL on GHES; ACTIONS_RUNTIME_TOKEN), so no workflow step is
 * needed. @actions/cache logs its own failures (a warning, or an error on a server error)
 * and reports them as a miss or a cache id of -1; it throws only on a bad key or path.
 */
export function actionsCacheStore(
  env: Readonly<Record<string, string | undefined>> = process.env,
): CacheStore {
  return {
    unavailable() {
      if (!isFeatureAvailable())
        return 'the Actions cache service is not available to this step (the runner set neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL)';
      if (!env.ACTIONS_RUNTIME_TOKEN)
        return 'the Actions cache service is not available to this step (the runner set no ACTIONS_RUNTIME_TOKEN)';
      return undefined;
    },
    restore: (directory, key, restoreKeys) => restoreCache([directory], key, [...restoreKeys]),
    async save(directory, key) {
      if ((await saveCache([directory], key)) !== -1) return 'saved';
      // A run the runner gives a read-only cache (ACTIONS_CACHE_MODE, e.g. an untrusted
      // event) is told so by @actions/cache itself; it is no failure.
      const mode = env.ACTIONS_CACHE_MODE?.trim().toLowerCase();
      return mode === 'read' || mode === 'none' ? 'skipped' : 'failed';
    },
  };
}
