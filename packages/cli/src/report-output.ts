import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Format, formats, isFormat, type Report, render } from '@fleetops/core';
import { type CliIo, UsageError } from './io.ts';

export const formatHelp = `output format: ${formats.join(', ')}`;

export function parseFormat(value: string): Format {
  if (!isFormat(value))
    throw new UsageError(`--format ${value}: unknown format; use one of ${formats.join(', ')}`);
  return value;
}

/** Renders `report` and writes it to --output or stdout; colour only for a terminal. */
export async function writeReport(
  io: CliIo,
  report: Report,
  format: Format,
  output: string | undefined,
): Promise<void> {
  const color = !output && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const text = render(format, report, { color });
  if (output) await writeFile(resolve(io.cwd, output), text);
  else io.stdout.write(text);
}
