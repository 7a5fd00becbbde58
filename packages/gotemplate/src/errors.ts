/** The error every parse or execution failure throws; its message is Go's, word for word. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    /** Whether parsing or executing failed. */
    readonly phase: 'parse' | 'exec',
  ) {
    super(message);
  }
}
