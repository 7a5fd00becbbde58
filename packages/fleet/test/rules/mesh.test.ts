import { describe, expect, it } from 'vitest';
import { meshInstalls } from '../../src/index.ts';
import { brief, checkFixture, loadFixture } from './helpers.ts';

describe('mesh installs', () => {
  it('reads Cilium and Istio values from Applications and IstioOperators', async () => {
    const { repository, fleet } = await loadFixture('mesh');
    const { cilium, istio } = meshInstalls(repository, fleet);
    expect(cilium.map((install) => [install.cluster, install.meshMember])).toEqual([
      ['m1', true],
      ['m2', true],
      ['m3', true],
      ['m4', false],
    ]);
    const m4 = cilium.find((install) => install.cluster === 'm4')!;
    expect(m4.clusterName).toMatchObject({ value: 'default', explicit: false });
    expect(m4.podBlocks).toEqual([
      expect.objectContaining({ cidr: '10.0.0.0/8', defaulted: true }),
    ]);
    expect(
      istio.map((install) => [install.cluster, install.meshId?.value, install.network?.value]),
    ).toEqual([
      ['m1', 'mesh1', 'net1'],
      ['m2', 'mesh1', 'net1'],
      ['m3', 'mesh2', 'net2'],
    ]);
  });
});

describe('mesh rules', () => {
  it('reports invalid, duplicate and out-of-range identities and mismatched settings', async () => {
    const findings = (await checkFixture('mesh')).filter((finding) =>
      finding.ruleId.startsWith('mesh/'),
    );
    expect(findings.map(brief)).toEqual([
      'error mesh/cilium-cluster-name clusters/m2/cilium.yaml:15:17',
      'error mesh/cilium-cluster-id clusters/m2/cilium.yaml:16:15',
      'error mesh/istio-network-pod-overlap clusters/m2/cilium.yaml:19:42',
      'error mesh/cilium-setting-mismatch clusters/m2/cilium.yaml:20:22',
      'error mesh/istio-cluster-name clusters/m2/istiod.yaml:17:26',
      'error mesh/cilium-cluster-name clusters/m3/cilium.yaml:15:17',
      'error mesh/cilium-cluster-id clusters/m3/cilium.yaml:16:15',
      'error mesh/istio-mesh-id-mismatch clusters/m3/istio.yaml:9:15',
    ]);
  });

  it('points the Cilium default pod pool out as the block to change', async () => {
    const findings = (await checkFixture('mesh')).filter(
      (finding) => finding.ruleId === 'network/fleet-overlap',
    );
    expect(findings.map(brief)).toEqual([
      'error network/fleet-overlap clusters/m4/cilium.yaml:13:7',
      'error network/fleet-overlap clusters/m4/cilium.yaml:13:7',
    ]);
    expect(findings[0]!.message).toContain('10.0.0.0/8 of cluster m4');
    expect(findings.map((finding) => finding.data?.kinds)).toEqual([
      ['pod', 'node'],
      ['pod', 'pod'],
    ]);
  });
});
