import { inClusterName, inClusterServer } from './generators/clusters.ts';
import type { Application, ClusterSecret } from './types.ts';

export interface ValidationOptions {
  /** AppProjects that exist; unknown projects are reported only when this is given. */
  projects?: ReadonlySet<string>;
  /** Registered clusters; destinations are checked only when this is given. */
  clusters?: readonly ClusterSecret[];
}

export interface ValidationError {
  /** `namespace/name` of the Application, as the controller keys its errors. */
  application: string;
  message: string;
}

/**
 * The controller's `validateGeneratedApplications`: an Application without a name, every
 * copy of a duplicated name, an unknown AppProject or an unresolvable destination is not
 * created or updated; the others are.
 */
export function validateApplications(
  applicationSetName: string,
  applications: readonly Application[],
  options: ValidationOptions,
): { valid: Application[]; errors: ValidationError[] } {
  const errors = new Map<string, string>();
  const names = new Set<string>();
  const destinations = options.clusters ? destinationIndex(options.clusters) : undefined;
  for (const app of applications) {
    const key = qualifiedName(app);
    if (app.metadata.name === '') {
      errors.set(
        key,
        `ApplicationSet ${applicationSetName} contains an application with no name; a name must be set in the template's metadata.name or via a templatePatch (generateName is not supported)`,
      );
      continue;
    }
    if (names.has(app.metadata.name)) {
      errors.set(
        key,
        `ApplicationSet ${applicationSetName} contains applications with duplicate name: ${app.metadata.name}`,
      );
      continue;
    }
    names.add(app.metadata.name);
    const project = typeof app.spec.project === 'string' ? app.spec.project : '';
    if (options.projects && !options.projects.has(project)) {
      errors.set(key, `application references project ${project} which does not exist`);
      continue;
    }
    if (destinations) {
      const problem = destinationProblem(app.spec.destination, destinations);
      if (problem) errors.set(key, `application destination spec is invalid: ${problem}`);
    }
  }
  // Errors are keyed by namespace/name, so the first copy of a duplicate is dropped too.
  const valid = applications.filter((app) => !errors.has(qualifiedName(app)));
  const sorted = [...errors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { valid, errors: sorted.map(([application, message]) => ({ application, message })) };
}

/**
 * The status condition the controller writes: the message of the last Application in name
 * order, with how many more there are.
 */
export function validationCondition(errors: readonly ValidationError[]): string | undefined {
  const last = errors.at(-1);
  if (!last) return undefined;
  return errors.length > 1 ? `${last.message} (and ${errors.length - 1} more)` : last.message;
}

function qualifiedName(app: Application): string {
  return app.metadata.namespace
    ? `${app.metadata.namespace}/${app.metadata.name}`
    : app.metadata.name;
}

/** The registered clusters by server and by name, built once per ApplicationSet. */
interface DestinationIndex {
  servers: ReadonlySet<string>;
  /** Some cluster's server is not in the repository (a Cluster API cluster without its Argo CD secret). */
  unknownServers: boolean;
  serversByName: ReadonlyMap<string, readonly string[]>;
}

function destinationIndex(clusters: readonly ClusterSecret[]): DestinationIndex {
  const byName = new Map<string, Set<string>>();
  for (const cluster of clusters) {
    const servers = byName.get(cluster.name) ?? new Set<string>();
    servers.add(cluster.server);
    byName.set(cluster.name, servers);
  }
  return {
    servers: new Set(clusters.map((cluster) => cluster.server)),
    unknownServers: clusters.some((cluster) => cluster.server === ''),
    serversByName: new Map([...byName].map(([name, servers]) => [name, [...servers]])),
  };
}

/** Argo CD's `GetDestinationCluster`, against the registered clusters and in-cluster. */
function destinationProblem(destination: unknown, index: DestinationIndex): string | undefined {
  const d = (typeof destination === 'object' && destination !== null ? destination : {}) as {
    name?: unknown;
    server?: unknown;
  };
  const name = typeof d.name === 'string' ? d.name : '';
  const server = typeof d.server === 'string' ? d.server : '';
  if (name !== '' && server !== '')
    return `application destination can't have both name and server defined: ${name} ${server}`;
  if (server !== '') {
    const trimmed = server.replace(/\/+$/, '');
    if (trimmed === inClusterServer || index.servers.has(trimmed)) return undefined;
    // A fleet cluster whose server the repository does not state may be this one: no verdict.
    if (index.unknownServers) return undefined;
    return `error getting cluster by server "${server}": rpc error: code = NotFound desc = cluster "${trimmed}" not found`;
  }
  if (name !== '') {
    const urls = index.serversByName.get(name) ?? [];
    if (urls.length === 0 && name === inClusterName) return undefined;
    if (urls.length === 0) return `there are no clusters with this name: ${name}`;
    if (urls.length > 1)
      return `there are ${urls.length} clusters with the same name: [${urls.join(' ')}]`;
    return undefined;
  }
  return 'Destination server missing from app spec';
}
