export { type CliIo, ExitCode, processIo, UsageError } from './io.ts';
export { createProgram, runCli } from './program.ts';
