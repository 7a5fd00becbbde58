import type { Finding, Repository } from '@fleetops/core';
import { externalDnsInstances } from '../externaldns.ts';
import { meshInstalls } from '../mesh.ts';
import type { Fleet } from '../model.ts';
import { Placement } from '../placement.ts';
import { externalDnsFindings } from './externaldns.ts';
import { meshFindings } from './mesh.ts';
import { networkFindings } from './networks.ts';

export * from './catalog.ts';
export { externalDnsFindings } from './externaldns.ts';
export { meshFindings } from './mesh.ts';
export { clusterRanges, networkFindings } from './networks.ts';

/** Every fleet invariant: ExternalDNS ownership, network overlaps, mesh identities. */
export function invariantFindings(repository: Repository, fleet: Fleet): Finding[] {
  // One placement for both: it indexes every file of every cluster.
  const placement = new Placement(fleet);
  const mesh = meshInstalls(repository, fleet, placement);
  return [
    ...externalDnsFindings(externalDnsInstances(repository, fleet, placement)),
    ...networkFindings(fleet, mesh),
    ...meshFindings(mesh),
  ];
}
