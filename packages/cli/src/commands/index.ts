import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { appsetCommand } from './appset.ts';
import { checkCommand } from './check.ts';
import { gotemplateCommand } from './gotemplate.ts';
import { inventoryCommand } from './inventory.ts';

/** Every subcommand, in the order `fleetops --help` lists them. */
export const commands: ReadonlyArray<(io: CliIo) => Command> = [
  checkCommand,
  inventoryCommand,
  appsetCommand,
  gotemplateCommand,
];
