import { inClusterName, inClusterServer } from './generators/clusters.ts';
import type { Application, ClusterSecret } from './types.ts';

/** Where an Application deploys: the cluster by name as Argo CD resolves it, and the namespace. */
export interface Placement {
  /** The cluster's name; the server URL or name as written when no known cluster matches. */
  cluster: string;
  /** False when no registered cluster matches the destination. */
  known: boolean;
  namespace: string;
}

/** Looks up destinations among the clusters Argo CD knows at one revision. */
export class ClusterIndex {
  readonly #byName = new Map<string, ClusterSecret[]>();
  readonly #byServer = new Map<string, ClusterSecret>();

  constructor(clusters: readonly ClusterSecret[]) {
    for (const cluster of clusters) {
      const named = this.#byName.get(cluster.name);
      if (named) named.push(cluster);
      else this.#byName.set(cluster.name, [cluster]);
      if (!this.#byServer.has(cluster.server)) this.#byServer.set(cluster.server, cluster);
    }
    // Argo CD always knows the cluster it runs in, Secret or not.
    if (!this.#byServer.has(inClusterServer)) {
      const inCluster = {
        name: inClusterName,
        server: inClusterServer,
        labels: {},
        annotations: {},
      };
      this.#byServer.set(inClusterServer, inCluster);
      if (!this.#byName.has(inClusterName)) this.#byName.set(inClusterName, [inCluster]);
    }
  }

  /** The destination of `app`: `server` wins as the controller reads it, else `name`. */
  placement(app: Application): Placement {
    const destination = (app.spec.destination ?? {}) as Record<string, unknown>;
    const namespace = typeof destination.namespace === 'string' ? destination.namespace : '';
    const server = typeof destination.server === 'string' ? destination.server : '';
    const name = typeof destination.name === 'string' ? destination.name : '';
    if (server !== '') {
      const cluster = this.#byServer.get(server);
      return cluster
        ? { cluster: cluster.name, known: true, namespace }
        : { cluster: server, known: false, namespace };
    }
    const named = this.#byName.get(name);
    return named?.length === 1
      ? { cluster: name, known: true, namespace }
      : { cluster: name, known: false, namespace };
  }
}
