import { createClient, type GitHubClient } from '@fleetops/github';
import type { GitHubDouble } from './server.ts';

/**
 * A client aimed at the double with GitHub's pacing turned off: no pause between writes,
 * and Retry-After read as milliseconds, so fault tests take milliseconds, not minutes.
 */
export function clientFor(double: GitHubDouble): GitHubClient {
  return createClient({
    token: double.token,
    baseUrl: double.url,
    retryAfterUnitMs: 1,
    writeIntervalMs: 0,
    notificationIntervalMs: 0,
  });
}
