/**
 * The CLI's whole contact with the process: commands read and write through this, so
 * tests run them in-process with string buffers and the bin wires in the real streams.
 */
export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdin: NodeJS.ReadableStream;
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Set by a command; the bin exits with it. */
  exitCode: number;
}

export const ExitCode = {
  /** No error findings. */
  ok: 0,
  /** At least one error finding (or the job's own failure, e.g. a template error). */
  findings: 1,
  /** Bad flags, unreadable configuration: nothing was checked. */
  usage: 2,
} as const;

/** Thrown by a command for a usage or configuration error; the program prints it and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    exitCode: 0,
  };
}
