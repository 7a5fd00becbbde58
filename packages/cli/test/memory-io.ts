import { Readable } from 'node:stream';
import type { CliIo } from '../src/io.ts';

export interface MemoryIo extends CliIo {
  out(): string;
  err(): string;
}

/** A CliIo whose streams are strings, for running commands in-process. */
export function memoryIo(cwd: string, stdin = '', env: Record<string, string> = {}): MemoryIo {
  let out = '';
  let err = '';
  return {
    cwd,
    env,
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text) },
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}
