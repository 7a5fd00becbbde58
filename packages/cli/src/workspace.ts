import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, formatLocation } from '@fleetops/core';
import { UsageError } from './io.ts';

/** The repository root a command works on: PATH argument, relative to the working directory. */
export async function resolveRoot(cwd: string, path: string | undefined): Promise<string> {
  const root = resolve(cwd, path ?? '.');
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new UsageError(`${path ?? root}: no such directory`);
  if (!info.isDirectory())
    throw new UsageError(`${path}: not a directory (give the root of a fleet repository)`);
  return root;
}

/** Runs `load`, turning a bad .fleetops.yaml into a usage error that names file and line. */
export async function withConfig<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError)
      throw new UsageError(`${formatLocation(error.location)}: ${error.message}`);
    throw error;
  }
}
