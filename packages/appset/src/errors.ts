/**
 * Errors carry the ApplicationSet controller's own wording, so a preview says what the
 * ApplicationSet's status condition would say.
 */
export class GeneratorError extends Error {
  override name = 'GeneratorError';
}

/**
 * A generator that needs the outside world (an SCM API, a plugin service, a live cluster
 * resource, another repository): not an Argo CD error, but nothing can be previewed offline.
 */
export class NotPreviewableError extends Error {
  override name = 'NotPreviewableError';
  constructor(
    message: string,
    /** The generator kind: `scmProvider`, `pullRequest`, `git`… */
    readonly generator: string,
  ) {
    super(message);
  }
}

/** Go's `fmt.Errorf("%s: %w", …)`: context first, the cause after a colon. */
export function wrap(context: string, cause: unknown): Error {
  if (cause instanceof NotPreviewableError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new GeneratorError(`${context}: ${message}`);
}
