import type { Finding, Repository } from '@fleetops/core';
import { externalDnsInstances } from '../externaldns.ts';
import { meshInstalls } from '../mesh.ts';
import type { Fleet } from '../model.ts';
import { externalDnsFindings } from './externaldns.ts';
import { meshFindings } from './mesh.ts';
import { networkFindings } from './networks.ts';

export * from './catalog.ts';
export { externalDnsFindings } from './externaldns.ts';
export { meshFindings } from './mesh.ts';
export { clusterRanges, networkFindings } from './networks.ts';

/** Every fleet invariant: ExternalDNS ownership, network overlaps, mesh identities. */
export function invariantFindings(repository: Repository, fleet: Fleet): Finding[] {
  const mesh = meshInstalls(repository, fleet);
  return [
    ...externalDnsFindings(externalDnsInstances(repository, fleet)),
    ...networkFindings(fleet, mesh),
    ...meshFindings(mesh),
  ];
}
