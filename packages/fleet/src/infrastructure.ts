import { getPath, isObject, type JsonPath, type Repository, type Resource } from '@fleetops/core';
import type { NetworkBlock } from './model.ts';

interface Declared {
  path: JsonPath;
  cidr: unknown;
  defaulted?: boolean;
}

/**
 * Where each infrastructure provider writes its network ranges. Adding a provider is
 * one entry here. Defaults are the providers' documented ones: CAPA creates a
 * 10.0.0.0/16 VPC when neither an id nor a block is given; CAPZ a 10.0.0.0/8 VNet.
 */
const providers: ReadonlyArray<{
  kinds: readonly string[];
  blocks: (object: unknown) => Declared[];
}> = [
  { kinds: ['AWSCluster', 'AWSManagedControlPlane'], blocks: awsVpcBlocks },
  { kinds: ['AzureCluster'], blocks: azureVnetBlocks },
  { kinds: ['GCPCluster'], blocks: gcpSubnetBlocks },
];

export function isInfrastructureKind(kind: string): boolean {
  return providers.some((provider) => provider.kinds.includes(kind));
}

export function infrastructureBlocks(repository: Repository, resource: Resource): NetworkBlock[] {
  const provider = providers.find((candidate) => candidate.kinds.includes(resource.kind));
  if (!provider) return [];
  const declaredBy = `${resource.kind}/${resource.name}`;
  return provider.blocks(resource.object).map((declared) => {
    const block: NetworkBlock = {
      cidr: String(declared.cidr),
      field: fieldName(declared.path),
      declaredBy,
      location: repository.locate(resource, declared.path),
    };
    if (declared.defaulted) block.defaulted = true;
    return block;
  });
}

function awsVpcBlocks(object: unknown): Declared[] {
  const vpcPath = ['spec', 'network', 'vpc'];
  const vpc = getPath(object, vpcPath);
  const blocks: Declared[] = [];
  if (isObject(vpc) && vpc.cidrBlock !== undefined) {
    blocks.push({ path: [...vpcPath, 'cidrBlock'], cidr: vpc.cidrBlock });
  } else if (!isObject(vpc) || vpc.id === undefined) {
    // An unmanaged VPC (vpc.id) has whatever range it has; only a managed one defaults.
    blocks.push({ path: vpcPath, cidr: '10.0.0.0/16', defaulted: true });
  }
  const secondary = isObject(vpc) ? vpc.secondaryCidrBlocks : undefined;
  if (Array.isArray(secondary))
    for (let i = 0; i < secondary.length; i++) {
      const entry: unknown = secondary[i];
      if (isObject(entry) && entry.ipv4CidrBlock !== undefined) {
        blocks.push({
          path: [...vpcPath, 'secondaryCidrBlocks', i, 'ipv4CidrBlock'],
          cidr: entry.ipv4CidrBlock,
        });
      }
    }
  const ipv6 = isObject(vpc) ? getPath(vpc, ['ipv6', 'cidrBlock']) : undefined;
  if (ipv6 !== undefined) blocks.push({ path: [...vpcPath, 'ipv6', 'cidrBlock'], cidr: ipv6 });
  // Subnets lie inside their own VPC by design (node against node of one cluster is never
  // compared); they are what states the range of an unmanaged VPC (vpc.id).
  const subnetsPath = ['spec', 'network', 'subnets'];
  const subnets = getPath(object, subnetsPath);
  if (Array.isArray(subnets))
    for (let i = 0; i < subnets.length; i++) {
      const subnet: unknown = subnets[i];
      if (!isObject(subnet)) continue;
      if (subnet.cidrBlock !== undefined)
        blocks.push({ path: [...subnetsPath, i, 'cidrBlock'], cidr: subnet.cidrBlock });
      if (subnet.ipv6CidrBlock !== undefined)
        blocks.push({ path: [...subnetsPath, i, 'ipv6CidrBlock'], cidr: subnet.ipv6CidrBlock });
    }
  return blocks;
}

function azureVnetBlocks(object: unknown): Declared[] {
  const path = ['spec', 'networkSpec', 'vnet', 'cidrBlocks'];
  const blocks = getPath(object, path);
  if (!Array.isArray(blocks))
    return [{ path: ['spec', 'networkSpec', 'vnet'], cidr: '10.0.0.0/8', defaulted: true }];
  return blocks.map((cidr, i) => ({ path: [...path, i], cidr }));
}

function gcpSubnetBlocks(object: unknown): Declared[] {
  const subnets = getPath(object, ['spec', 'network', 'subnets']);
  if (!Array.isArray(subnets)) return [];
  return subnets.flatMap((subnet, i) =>
    isObject(subnet) && subnet.cidrBlock !== undefined
      ? [{ path: ['spec', 'network', 'subnets', i, 'cidrBlock'], cidr: subnet.cidrBlock }]
      : [],
  );
}

export function fieldName(path: JsonPath): string {
  // One string grown in place: every block of every cluster has a field name.
  let name = '';
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!;
    name += typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`;
  }
  return name;
}
