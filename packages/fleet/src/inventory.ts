import type { Cluster, Fleet, NetworkBlock } from './model.ts';

/** The fleet model as stable JSON: `fleetops inventory --format json`. */
export interface InventoryJson {
  clusters: Array<{
    name: string;
    stage: string | null;
    labels: Record<string, string>;
    kubernetesVersion: string | null;
    server: string | null;
    directory: string | null;
    networks: { pods: string[]; services: string[]; infrastructure: string[] };
    sources: Array<{ kind: string; file: string; line?: number; object?: string }>;
  }>;
}

export function inventoryJson(fleet: Fleet): InventoryJson {
  return {
    clusters: fleet.clusters.map((cluster) => ({
      name: cluster.name,
      stage: cluster.stage?.value ?? null,
      labels: Object.fromEntries(
        Object.entries(cluster.labels).map(([key, fact]) => [key, fact.value]),
      ),
      kubernetesVersion: cluster.kubernetesVersion?.value ?? null,
      server: cluster.server?.value ?? null,
      directory: cluster.directory ?? null,
      networks: {
        pods: cidrs(cluster.networks.pods),
        services: cidrs(cluster.networks.services),
        infrastructure: cidrs(cluster.networks.infrastructure),
      },
      sources: cluster.sources.map((source) => ({ ...source })),
    })),
  };
}

/** The fleet as an aligned plain-text table, sorted by stage order then name. */
export function inventoryTable(fleet: Fleet): string {
  const stageRank = (cluster: Cluster) => {
    const rank = cluster.stage ? fleet.config.stages.indexOf(cluster.stage.value) : -1;
    return rank === -1 ? fleet.config.stages.length : rank;
  };
  const clusters = [...fleet.clusters].sort(
    (a, b) => stageRank(a) - stageRank(b) || a.name.localeCompare(b.name),
  );
  const rows = [
    ['CLUSTER', 'STAGE', 'VERSION', 'PODS', 'SERVICES', 'INFRASTRUCTURE', 'SOURCES'],
    ...clusters.map((cluster) => [
      cluster.name,
      cluster.stage?.value ?? '-',
      cluster.kubernetesVersion?.value ?? '-',
      cidrs(cluster.networks.pods).join(',') || '-',
      cidrs(cluster.networks.services).join(',') || '-',
      cidrs(cluster.networks.infrastructure, true).join(',') || '-',
      [...new Set(cluster.sources.map((source) => source.kind))].join(','),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n${fleet.clusters.length} ${fleet.clusters.length === 1 ? 'cluster' : 'clusters'}\n`;
}

/** Plain CIDRs for JSON; the table marks a provider default, which no file states. */
function cidrs(blocks: readonly NetworkBlock[], markDefaults = false): string[] {
  return blocks.map((block) =>
    markDefaults && block.defaulted ? `${block.cidr} (default)` : block.cidr,
  );
}
