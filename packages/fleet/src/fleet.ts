import {
  describeResource,
  type Finding,
  type FleetConfig,
  type Repository,
  type Resource,
  relatedLocation,
  resourcesOfKind,
} from '@fleetops/core';
import { type ArgoCdClusterFacts, argoCdClusterFacts, isArgoCdClusterSecret } from './argocd.ts';
import { type ClusterApiFacts, clusterApiFacts, isClusterApiCluster } from './capi.ts';
import { parseCidr } from './cidr.ts';
import { clusterDirectories, directoryOf } from './directories.ts';
import { LabelFact } from './label.ts';
import type { Cluster, Fact, Fleet, NetworkBlock } from './model.ts';
import { sortByName } from './name-order.ts';
import { modelRules } from './rules/model.ts';

/** Merges every source of cluster facts into one model; disagreements become findings. */
export function buildFleet(repository: Repository, config: FleetConfig): Fleet {
  const builder = new FleetBuilder(repository, config);
  builder.addDirectories();
  builder.addClusterApi();
  builder.addArgoCdSecrets();
  return builder.finish();
}

class FleetBuilder {
  readonly #clusters = new Map<string, Cluster>();
  readonly #findings: Finding[] = [];
  readonly #directories: Map<string, string>;

  constructor(
    private readonly repository: Repository,
    private readonly config: FleetConfig,
  ) {
    this.#directories = clusterDirectories(repository, config.clusters.directories);
  }

  addDirectories(): void {
    for (const [directory, name] of sortByName([...this.#directories], ([path]) => path)) {
      const cluster = this.#cluster(name);
      cluster.directory = directory;
      cluster.sources.push({ kind: 'directory', file: directory });
    }
    // A file's resources are listed together, and so are a directory's files: a file's
    // directory is looked up once, and each run of one owner's resources is added at once.
    const { resources } = this.repository;
    let file: string | undefined;
    let owner: Cluster | undefined;
    let run = 0;
    for (let i = 0; i < resources.length; i++) {
      const resource = resources[i]!;
      if (resource.file === file) continue;
      file = resource.file;
      const directory = directoryOf(resource, this.#directories);
      const next = directory ? this.#cluster(this.#directories.get(directory)!) : undefined;
      if (next === owner) continue;
      if (owner) addRun(owner, resources, run, i);
      owner = next;
      run = i;
    }
    if (owner) addRun(owner, resources, run, resources.length);
  }

  addClusterApi(): void {
    forEachGroup(
      resourcesOfKind(this.repository.resources, 'Cluster').filter(isClusterApiCluster),
      (resource) => resource.name,
      (name, first, duplicates) => {
        this.#reportDuplicates(name, first, duplicates, 'Cluster API Cluster');
        const facts = clusterApiFacts(this.repository, first);
        this.#mergeClusterApi(this.#cluster(name), facts);
      },
    );
  }

  addArgoCdSecrets(): void {
    const secrets: ArgoCdClusterFacts[] = [];
    for (const secret of resourcesOfKind(this.repository.resources, 'Secret'))
      if (isArgoCdClusterSecret(secret)) secrets.push(argoCdClusterFacts(this.repository, secret));
    for (const facts of secrets) {
      for (const problem of facts.problems)
        this.#report('fleet/incomplete-cluster-secret', problem.message, problem.location);
      if (!facts.server && facts.problems.length === 0) {
        this.#report(
          'fleet/incomplete-cluster-secret',
          `Argo CD cluster secret ${describeResource(facts.resource)} has no server (stringData.server or data.server)`,
          this.repository.locate(facts.resource),
        );
      }
    }
    const named = secrets.filter((facts) => facts.name ?? facts.server);
    forEachGroup(
      named,
      (facts) => (facts.name ?? facts.server)!.value,
      (name, first, duplicates) => {
        // Asked of every cluster, nearly always defined once: no list for the rest.
        if (duplicates.length > 0)
          this.#reportDuplicates(
            name,
            first.resource,
            duplicates.map((facts) => facts.resource),
            'Argo CD cluster secret',
          );
        this.#mergeArgoCd(this.#cluster(name), first);
      },
    );
    this.#reportDuplicateServers(named);
  }

  finish(): Fleet {
    const clusters = sortByName([...this.#clusters.values()], (cluster) => cluster.name);
    for (const cluster of clusters) {
      this.#resolveStage(cluster);
      this.#checkCidrs(cluster);
    }
    return { config: this.config, clusters, findings: this.#findings };
  }

  #mergeClusterApi(cluster: Cluster, facts: ClusterApiFacts): void {
    const { resource } = facts;
    cluster.clusterApi = resource;
    cluster.sources.push(this.#source('cluster-api', resource));
    for (const referenced of facts.referenced)
      cluster.sources.push(
        this.#source(
          referenced.group.startsWith('controlplane.') ? 'control-plane' : 'infrastructure',
          referenced,
        ),
      );
    if (facts.kubernetesVersion) cluster.kubernetesVersion = facts.kubernetesVersion;
    cluster.networks = facts.networks;
    const labels = resource.object.metadata?.labels;
    if (labels && typeof labels === 'object') {
      for (const key of Object.keys(labels)) {
        const value: unknown = (labels as Record<string, unknown>)[key];
        if (typeof value === 'string')
          this.#mergeLabel(
            cluster,
            key,
            new LabelFact(value, 'cluster-api', this.repository, resource, key),
          );
      }
    }
    this.#checkDirectory(cluster, resource);
  }

  #mergeArgoCd(cluster: Cluster, facts: ArgoCdClusterFacts): void {
    cluster.argocdSecret = facts.resource;
    cluster.sources.push(this.#source('argocd-secret', facts.resource));
    if (facts.server) cluster.server = facts.server;
    for (const key of Object.keys(facts.labels)) this.#mergeLabel(cluster, key, facts.labels[key]!);
    this.#checkDirectory(cluster, facts.resource);
  }

  #mergeLabel(cluster: Cluster, key: string, fact: Fact<string>): void {
    const existing = cluster.labels[key];
    if (!existing) {
      cluster.labels[key] = fact;
    } else if (existing.value !== fact.value) {
      this.#report(
        'fleet/label-conflict',
        `cluster ${cluster.name}: label ${key} is "${fact.value}" in the ${describeSource(fact.source)} but "${existing.value}" in the ${describeSource(existing.source)}`,
        fact.location,
        [relatedLocation(existing.location, `${key}: ${existing.value}`)],
      );
    }
  }

  #resolveStage(cluster: Cluster): void {
    const label = this.config.stageLabels.find((key) => cluster.labels[key]);
    if (!label) return;
    cluster.stage = cluster.labels[label]!;
    if (!this.config.stages.includes(cluster.stage.value)) {
      this.#report(
        'fleet/unknown-stage',
        `cluster ${cluster.name} has stage "${cluster.stage.value}", which is not one of the configured stages (${this.config.stages.join(', ')})`,
        cluster.stage.location,
      );
    }
  }

  #checkCidrs(cluster: Cluster): void {
    const { pods, services, infrastructure } = cluster.networks;
    this.#checkBlocks(pods);
    this.#checkBlocks(services);
    this.#checkBlocks(infrastructure);
    this.#checkDualStack(cluster, pods);
    this.#checkDualStack(cluster, services);
  }

  #checkBlocks(blocks: readonly NetworkBlock[]): void {
    for (const block of blocks) {
      const parsed = parseCidr(block.cidr);
      if ('error' in parsed)
        this.#report(
          'fleet/invalid-cidr',
          `${block.declaredBy} ${block.field}: ${parsed.error}`,
          block.location,
        );
    }
  }

  /**
   * Cluster API takes at most one block per address family in clusterNetwork.pods and
   * .services (one for single-stack, one IPv4 and one IPv6 for dual-stack).
   */
  #checkDualStack(cluster: Cluster, blocks: readonly NetworkBlock[]): void {
    if (blocks.length < 2) return;
    if (blocks.length > 2) {
      const extra = blocks[2]!;
      this.#report(
        'fleet/cluster-network-blocks',
        `${extra.declaredBy} ${extra.field}: cluster ${cluster.name} lists ${blocks.length} blocks; Cluster API accepts at most two, one IPv4 and one IPv6`,
        extra.location,
        relatedBlocks(blocks.slice(0, 2)),
      );
      return;
    }
    const [first, second] = blocks;
    if (!first || !second) return;
    const a = parseCidr(first.cidr);
    const b = parseCidr(second.cidr);
    if ('error' in a || 'error' in b || a.family !== b.family) return;
    this.#report(
      'fleet/cluster-network-blocks',
      `${second.declaredBy} ${second.field}: cluster ${cluster.name} has two IPv${a.family} blocks (${first.cidr} and ${second.cidr}); Cluster API accepts at most one block per family, a second one only as the other family for dual-stack`,
      second.location,
      relatedBlocks([first]),
    );
  }

  #checkDirectory(cluster: Cluster, resource: Resource): void {
    const directory = directoryOf(resource, this.#directories);
    const owner = directory && this.#directories.get(directory);
    if (owner && owner !== cluster.name) {
      this.#report(
        'fleet/directory-mismatch',
        `${describeResource(resource)} defines cluster "${cluster.name}" but lives in ${directory}/, the directory of cluster "${owner}"`,
        this.repository.locate(resource),
      );
    }
  }

  #reportDuplicates(
    name: string,
    first: Resource,
    duplicates: readonly Resource[],
    what: string,
  ): void {
    for (const duplicate of duplicates)
      this.#report(
        'fleet/duplicate-cluster',
        `${what} "${name}" is defined more than once (${describeResource(duplicate)})`,
        this.repository.locate(duplicate),
        [relatedLocation(this.repository.locate(first), 'first definition')],
      );
  }

  #reportDuplicateServers(secrets: readonly ArgoCdClusterFacts[]): void {
    const withServer = secrets.filter((facts) => facts.server);
    forEachGroup(
      withServer,
      (facts) => facts.server!.value,
      (server, first, duplicates) => {
        for (const duplicate of duplicates)
          this.#report(
            'fleet/duplicate-server',
            `Argo CD cluster secrets ${describeResource(first.resource)} and ${describeResource(duplicate.resource)} both point at ${server}`,
            duplicate.server!.location,
            [relatedLocation(first.server!.location, 'also points here')],
          );
      },
    );
  }

  #cluster(name: string): Cluster {
    let cluster = this.#clusters.get(name);
    if (!cluster) {
      cluster = {
        name,
        labels: {},
        networks: { pods: [], services: [], infrastructure: [] },
        sources: [],
        resources: [],
      };
      this.#clusters.set(name, cluster);
    }
    return cluster;
  }

  #source(
    kind: Cluster['sources'][number]['kind'],
    resource: Resource,
  ): Cluster['sources'][number] {
    const { file } = resource;
    const { line } = this.repository.locate(resource);
    return line === undefined
      ? { kind, file, object: describeResource(resource) }
      : { kind, file, line, object: describeResource(resource) };
  }

  #report(
    ruleId: string,
    message: string,
    location: Finding['location'],
    related?: Finding['related'],
  ): void {
    const finding: Finding = {
      ruleId,
      severity: modelRules.get(ruleId)!.defaultSeverity,
      message,
      location,
    };
    if (related) finding.related = related;
    this.#findings.push(finding);
  }
}

/**
 * Adds resources[start..end) to the cluster's. The usual cluster has one run: its list is
 * a copy of exactly that length rather than one grown by push.
 */
function addRun(cluster: Cluster, resources: readonly Resource[], start: number, end: number) {
  if (cluster.resources.length === 0) cluster.resources = resources.slice(start, end);
  else for (let i = start; i < end; i++) cluster.resources.push(resources[i]!);
}

function relatedBlocks(blocks: readonly NetworkBlock[]): Finding['related'] {
  return blocks.map((block) => relatedLocation(block.location, `${block.field}: ${block.cidr}`));
}

function describeSource(source: Fact<string>['source']): string {
  return source === 'argocd-secret' ? 'Argo CD cluster secret' : 'Cluster API Cluster';
}

/**
 * Groups by key and calls `each` with every key's first item and the rest, keys in the
 * order of their first item, items in the repository's (sorted file) order. Nearly every
 * key is one cluster's, defined once: a list is made only for a key seen again.
 */
function forEachGroup<T>(
  items: readonly T[],
  key: (item: T) => string,
  each: (name: string, first: T, rest: readonly T[]) => void,
): void {
  const firsts = new Map<string, T>();
  const rests = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    if (!firsts.has(name)) firsts.set(name, item);
    else {
      const rest = rests.get(name);
      if (rest) rest.push(item);
      else rests.set(name, [item]);
    }
  }
  firsts.forEach((first, name) => {
    each(name, first, rests.get(name) ?? noItems);
  });
}

const noItems: readonly never[] = [];
