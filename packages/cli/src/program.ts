import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.ts';
import { type CliIo, ExitCode, UsageError } from './io.ts';
import { version } from './version.ts';

/** Builds the `fleetops` program with every command, writing through `io`. */
export function createProgram(io: CliIo): Command {
  const program = new Command('fleetops')
    .description('Check, preview and promote a multi-cluster Kubernetes fleet kept in Git.')
    .version(version, '-v, --version')
    .showSuggestionAfterError()
    .enablePositionalOptions();
  for (const makeCommand of commands) program.addCommand(makeCommand(io));
  configure(program, io);
  return program;
}

/** Runs the CLI on `argv` (without node and script), returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function configure(command: Command, io: CliIo): void {
  command.exitOverride().configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  for (const sub of command.commands) configure(sub, io);
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // --help and --version end through here with exit code 0; usage errors are already printed.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof UsageError) {
    io.stderr.write(`fleetops: ${error.message}\n`);
    return ExitCode.usage;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`fleetops: internal error: ${message}\n`);
  return ExitCode.usage;
}
