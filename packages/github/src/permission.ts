/**
 * GitHub's answer to a token that lacks a permission. Every writer that may meet a
 * read-only token (a fork's pull request, Dependabot, a workflow that grants less) asks
 * this one question, so "degrade with a notice" means the same thing everywhere.
 */

/**
 * True for 403 "Resource not accessible by integration" (GITHUB_TOKEN, apps) or "... by
 * personal access token". A rate limit is a 403 too, but the client has waited those out
 * before an error reaches here, and it is not a missing permission.
 */
export function isPermissionDenied(error: unknown): boolean {
  const { status, message } = error as { status?: unknown; message?: unknown };
  return status === 403 && typeof message === 'string' && /not accessible by/i.test(message);
}
