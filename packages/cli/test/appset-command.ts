import { appsetCommand } from '../src/commands/appset.ts';
import type { MemoryIo } from './memory-io.ts';

/** Runs `fleetops appset …args` against `io` and returns the exit code it set. */
export async function appset(io: MemoryIo, args: string[]): Promise<number> {
  const command = appsetCommand(io)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  // addCommand does not pass exitOverride down: without it commander exits the test runner.
  for (const sub of command.commands)
    sub.exitOverride().configureOutput({ writeErr: (t) => io.stderr.write(t) });
  await command.parseAsync(args, { from: 'user' });
  return io.exitCode;
}

/** The names of the Applications in `generate -f json` output. */
export const names = (out: string) =>
  (JSON.parse(out) as { metadata: { name: string } }[]).map((a) => a.metadata.name);
