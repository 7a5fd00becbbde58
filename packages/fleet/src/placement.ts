import { getPath, type Resource } from '@fleetops/core';
import type { Fleet } from './model.ts';

/**
 * Which cluster of the fleet a resource runs on. An Argo CD Application names its
 * destination (`destination.name` or `destination.server`); anything else, and an
 * Application aimed at the cluster Argo CD runs in, belongs to the cluster whose
 * directory holds its file.
 */
export class Placement {
  readonly #byName = new Map<string, string>();
  readonly #byServer = new Map<string, string>();
  readonly #byFile = new Map<string, string>();

  constructor(fleet: Fleet) {
    for (const cluster of fleet.clusters) {
      this.#byName.set(cluster.name, cluster.name);
      if (cluster.server) this.#byServer.set(normalizeServer(cluster.server.value), cluster.name);
      // A cluster's resources come file by file: each file is set once.
      let file: string | undefined;
      for (const resource of cluster.resources) {
        if (resource.file === file) continue;
        file = resource.file;
        this.#byFile.set(file, cluster.name);
      }
    }
  }

  clusterOf(resource: Resource): string | undefined {
    if (resource.group === 'argoproj.io' && resource.kind === 'Application') {
      const name = getPath(resource.object, destinationName);
      if (typeof name === 'string' && this.#byName.has(name)) return name;
      const server = getPath(resource.object, destinationServer);
      if (typeof server === 'string') {
        const cluster = this.#byServer.get(normalizeServer(server));
        if (cluster) return cluster;
      }
    }
    return this.#byFile.get(resource.file);
  }
}

// Asked of every resource of the fleet: one path each, not one per question.
const destinationName = ['spec', 'destination', 'name'];
const destinationServer = ['spec', 'destination', 'server'];

/**
 * Trailing slashes off, as `/\/+$/` would take them, and lower case. Asked of every
 * cluster and every Application: the slashes are counted by hand, without a regex scan.
 */
function normalizeServer(server: string): string {
  let end = server.length;
  while (end > 0 && server.charCodeAt(end - 1) === slash) end--;
  return (end === server.length ? server : server.slice(0, end)).toLowerCase();
}

const slash = 0x2f;
