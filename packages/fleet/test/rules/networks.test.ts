import { describe, expect, it } from 'vitest';
import { FreeBlocks, intervalOf } from '../../src/address-space.ts';
import { type ParsedCidr, parseCidr } from '../../src/cidr.ts';
import { meshInstalls, networkFindings } from '../../src/index.ts';
import { brief, checkFixture, loadFixture } from './helpers.ts';

describe('network overlap rules', () => {
  it('reports node, service-on-pod, IPv6 and in-cluster overlaps, and nothing else', async () => {
    const findings = (await checkFixture('networks')).filter((finding) =>
      finding.ruleId.startsWith('network/'),
    );
    expect(findings.map(brief)).toEqual([
      'error network/fleet-overlap clusters/beta/cluster.yaml:21:3',
      'error network/fleet-overlap clusters/delta/cluster.yaml:10:20',
      'error network/fleet-overlap clusters/epsilon/cluster.yaml:8:35',
      'error network/cluster-overlap clusters/gamma/cluster.yaml:10:20',
    ]);
  });

  it('names both clusters, the shared range, both places and a free block of the same size', async () => {
    const findings = await checkFixture('networks');
    const vpc = findings.find((finding) => finding.location.file === 'clusters/beta/cluster.yaml')!;
    expect(vpc.message).toContain('cluster beta');
    expect(vpc.message).toContain('cluster alpha');
    expect(vpc.message).toContain('a default: the field is not set');
    expect(vpc.related).toEqual([
      expect.objectContaining({ file: 'clusters/alpha/cluster.yaml', line: 24 }),
    ]);
    expect(vpc.data).toMatchObject({
      clusters: ['beta', 'alpha'],
      kinds: ['node', 'node'],
      overlap: '10.0.0.0/16',
    });
    const suggestions = findings.flatMap((finding) =>
      typeof finding.data?.suggestion === 'string' ? [finding.data.suggestion] : [],
    );
    expect(suggestions).toHaveLength(4);
    expect(new Set(suggestions).size).toBe(4);
    // Every suggestion is free: it overlaps no range of the fixture and no other suggestion.
    const used = [
      '10.0.0.0/16',
      '10.1.0.0/16',
      '10.2.0.0/16',
      '10.3.0.0/16',
      '10.4.0.0/16',
      '10.96.0.0/12',
      '10.244.0.0/14',
      'fd00:10::/56',
    ];
    for (const suggestion of suggestions)
      for (const range of used)
        expect(overlap(suggestion, range), `${suggestion} ∩ ${range}`).toBe(false);
    const sizes = findings.map((finding) => [
      Number(String(finding.message.match(/ (\S+) of cluster/)?.[1]).split('/')[1]),
      Number(String(finding.data?.suggestion).split('/')[1]),
    ]);
    for (const [declared, suggested] of sizes) expect(suggested).toBe(declared);
  });

  it('lets service ranges repeat and adjacent pod ranges sit side by side', async () => {
    const findings = await checkFixture('networks');
    const messages = findings.map((finding) => finding.message).join('\n');
    expect(messages).not.toContain('10.96.0.0/12');
    expect(messages).not.toContain('10.245.0.0/16');
    expect(messages).not.toContain('10.247.0.0/16');
  });

  it('downgrades overlaps between clusters outside every configured network group', async () => {
    const loaded = await loadFixture('networks');
    const fleet = {
      ...loaded.fleet,
      config: {
        ...loaded.fleet.config,
        networks: { groups: [{ name: 'peered', clusters: ['alpha', 'delta'] }] },
      },
    };
    const findings = networkFindings(fleet, meshInstalls(loaded.repository, fleet));
    const severities = Object.fromEntries(
      findings.map((finding) => [finding.location.file, finding.severity]),
    );
    expect(severities).toEqual({
      'clusters/beta/cluster.yaml': 'warning',
      'clusters/delta/cluster.yaml': 'error',
      'clusters/epsilon/cluster.yaml': 'warning',
      'clusters/gamma/cluster.yaml': 'error',
    });
  });

  it('reads AWS subnets, so an unmanaged VPC is checked by its subnets, never against its own VPC', async () => {
    const findings = (await checkFixture('networks-subnets')).filter((finding) =>
      finding.ruleId.startsWith('network/'),
    );
    expect(findings.map(brief)).toEqual([
      'error network/fleet-overlap clusters/b/cluster.yaml:27:20',
    ]);
    expect(findings[0]!.data).toMatchObject({
      clusters: ['b', 'a'],
      kinds: ['node', 'node'],
      overlap: '10.10.1.0/24',
    });
    expect(findings[0]!.message).toContain('AWSCluster/b spec.network.subnets[0].cidrBlock');
  });

  it('looks past a connected partner to an unconnected outer one', async () => {
    // Group {c, d}: c and d share 10.1.0.0/16 (an error), both lie in e's 10.0.0.0/8
    // (warnings, e is in no group); f overlaps nobody.
    const findings = (await checkFixture('networks-groups')).filter((finding) =>
      finding.ruleId.startsWith('network/'),
    );
    expect(
      findings.map((finding) => [finding.severity, ...(finding.data!.clusters as string[])]),
    ).toEqual([
      ['warning', 'c', 'e'],
      ['error', 'd', 'c'],
      ['warning', 'd', 'e'],
    ]);
  });

  it('falls back to another private range of the family when the one holding a block is full', async () => {
    const findings = (await checkFixture('networks-groups')).filter((finding) =>
      finding.ruleId.startsWith('network/'),
    );
    // e's 10.0.0.0/8 fills 10.0.0.0/8; 172.20.0.0/16 holds every cluster's services.
    expect(findings.map((finding) => finding.data?.suggestion).sort()).toEqual([
      '172.16.0.0/16',
      '172.17.0.0/16',
      '172.18.0.0/16',
    ]);
    for (const finding of findings) expect(finding.message).toContain(' Move it to 172.1');
  });

  it('suggests inside the holding range while it has room, and nothing when no range fits', () => {
    const free = (...used: string[]) => new FreeBlocks(used.map((text) => intervalOf(cidr(text))));
    expect(free('10.0.0.0/16').suggestAnywhere(cidr('10.0.0.0/16'))).toBe('10.1.0.0/16');
    expect(free('10.0.0.0/8').suggestAnywhere(cidr('10.0.0.0/8'))).toBeUndefined();
    expect(free('10.0.0.0/8').suggestAnywhere(cidr('10.1.0.0/16'))).toBe('172.16.0.0/16');
    expect(free('10.0.0.0/8').suggest(cidr('10.1.0.0/16'))).toBeUndefined();
    expect(free('fc00::/7').suggestAnywhere(cidr('fd00:10::/56'))).toBeUndefined();
    expect(free('8.8.8.0/24').suggestAnywhere(cidr('8.8.8.0/24'))).toBeUndefined();
    // A failed search for a large block leaves the gaps it skipped to smaller ones.
    const blocks = free('10.0.0.0/9', '10.128.0.0/10', '10.192.1.0/24');
    expect(blocks.suggestAnywhere(cidr('10.128.0.0/10'))).toBe('100.64.0.0/10');
    expect(blocks.suggestAnywhere(cidr('10.192.1.0/24'))).toBe('10.192.0.0/24');
  });
});

function cidr(text: string): ParsedCidr {
  const parsed = parseCidr(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

function overlap(a: string, b: string): boolean {
  const first = parseCidr(a);
  const second = parseCidr(b);
  if ('error' in first || 'error' in second) throw new Error(`bad CIDR ${a} or ${b}`);
  if (first.family !== second.family) return false;
  const bits = first.family === 4 ? 32 : 128;
  const shift = BigInt(bits - Math.min(first.prefix, second.prefix));
  return first.network >> shift === second.network >> shift;
}
