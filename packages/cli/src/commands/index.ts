import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { appsetCommand } from './appset.ts';
import { checkCommand } from './check.ts';
import { gotemplateCommand } from './gotemplate.ts';
import { inventoryCommand } from './inventory.ts';
import { validateCommand } from './validate.ts';

/** Every subcommand, in the order `fleetops --help` lists them. */
export const commands: ReadonlyArray<(io: CliIo) => Command> = [
  checkCommand,
  validateCommand,
  inventoryCommand,
  appsetCommand,
  gotemplateCommand,
];
