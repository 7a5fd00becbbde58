import {
  type FleetConfig,
  type LoadOptions,
  loadConfig,
  loadRepository,
  type Repository,
} from '@fleetops/core';
import { buildFleet } from './fleet.ts';
import type { Fleet } from './model.ts';

export interface LoadedFleet {
  config: FleetConfig;
  repository: Repository;
  fleet: Fleet;
}

/**
 * Reads `.fleetops.yaml`, every manifest and the fleet model of a repository, once.
 * `threads` is loadRepository's choice of worker threads (default: when it pays).
 */
export async function loadFleet(
  root: string,
  options: Pick<LoadOptions, 'threads'> = {},
): Promise<LoadedFleet> {
  const config = await loadConfig(root);
  const repository = await loadRepository(root, { ...config, ...options });
  return { config, repository, fleet: buildFleet(repository, config) };
}
