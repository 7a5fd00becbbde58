import { describe, expect, it } from 'vitest';
import type { Cluster, Fleet, NetworkBlock } from '../../src/index.ts';
import { FreeBlocks, intervalOf, networkFindings, parseCidr } from '../../src/index.ts';

function block(cidr: string, cluster: string): NetworkBlock {
  return {
    cidr,
    field: 'spec.network.vpc.cidrBlock',
    declaredBy: `AWSCluster/${cluster}`,
    location: { file: `${cluster}.yaml`, line: 1 },
  };
}

function fleetOf(vpcs: readonly string[]): Fleet {
  const clusters: Cluster[] = vpcs.map((vpc, i) => ({
    name: `c${i}`,
    labels: {},
    sources: [],
    resources: [],
    networks: {
      pods: [],
      services: [block('10.96.0.0/12', `c${i}`)],
      infrastructure: [block(vpc, `c${i}`)],
    },
  }));
  return { config: {} as Fleet['config'], clusters, findings: [] };
}

const noMesh = { cilium: [], istio: [] };

describe('overlap sweep at fleet scale', () => {
  it('reports each of n clusters sharing one VPC range once, not once per pair', () => {
    const findings = networkFindings(fleetOf(Array(2000).fill('10.0.0.0/16')), noMesh);
    expect(findings).toHaveLength(1999);
    expect(new Set(findings.map((finding) => finding.location.file)).size).toBe(1999);
    // Every finding points at the first cluster as its partner.
    expect(new Set(findings.map((finding) => finding.related?.[0]?.file))).toEqual(
      new Set(['c0.yaml']),
    );
  });

  it('finds a block nested deep inside another across many disjoint neighbours', () => {
    const vpcs = Array.from({ length: 1000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    vpcs.push('10.3.0.0/16');
    const findings = networkFindings(fleetOf(vpcs), noMesh);
    // 10.3.0.0/16 contains the /24s of clusters 768..999: each reported once.
    expect(findings).toHaveLength(232);
    expect(findings.every((finding) => finding.message.includes('cluster c1000'))).toBe(true);
  });

  it('never reports adjacent blocks or repeated service ranges', () => {
    const vpcs = Array.from({ length: 512 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    expect(networkFindings(fleetOf(vpcs), noMesh)).toEqual([]);
  });
});

describe('free block suggestions', () => {
  const parsed = (cidr: string) => {
    const result = parseCidr(cidr);
    if ('error' in result) throw new Error(result.error);
    return result;
  };

  it('suggests aligned, unused, distinct blocks of the requested size inside the same private range', () => {
    const used = ['10.0.0.0/16', '10.1.0.0/17', '10.2.0.0/15'].map((cidr) =>
      intervalOf(parsed(cidr)),
    );
    const free = new FreeBlocks(used);
    expect(free.suggest(parsed('10.0.0.0/16'))).toBe('10.4.0.0/16');
    expect(free.suggest(parsed('10.0.0.0/16'))).toBe('10.5.0.0/16');
    expect(free.suggest(parsed('192.168.1.0/24'))).toBe('192.168.0.0/24');
    expect(free.suggest(parsed('fd00::/64'))).toBe('fc00::/64');
  });

  it('suggests nothing outside private ranges or when the range is full', () => {
    const free = new FreeBlocks([intervalOf(parsed('10.0.0.0/8'))]);
    expect(free.suggest(parsed('10.0.0.0/16'))).toBeUndefined();
    expect(free.suggest(parsed('8.8.8.0/24'))).toBeUndefined();
  });
});
