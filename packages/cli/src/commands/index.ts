import type { Command } from 'commander';
import type { CliIo } from '../io.ts';

/** Every subcommand, in the order `fleetops --help` lists them. */
export const commands: ReadonlyArray<(io: CliIo) => Command> = [];
