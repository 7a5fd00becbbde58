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
      // m3's Istio is a separate mesh (mesh2) on its own network (net2): not compared
      // with mesh1 on net1 (this fixture used to expect a mesh-id mismatch there).
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

describe('Istio meshID between connected members only', () => {
  it('reports different meshIDs on one network or in one network group', async () => {
    const findings = (await checkFixture('mesh-istio')).filter(
      (finding) => finding.ruleId === 'mesh/istio-mesh-id-mismatch',
    );
    expect(findings.map(brief)).toEqual([
      'error mesh/istio-mesh-id-mismatch clusters/i2/istiod.yaml:15:19',
      'error mesh/istio-mesh-id-mismatch clusters/i4/istiod.yaml:15:19',
    ]);
    expect(findings[0]!.message).toContain('both on global.network "net1"');
    expect(findings[0]!.data).toMatchObject({ clusters: ['i2', 'i1'], expected: 'mesh-a' });
    expect(findings[1]!.message).toContain('both in network group "joined"');
    expect(findings[1]!.data).toMatchObject({ clusters: ['i4', 'i3'], expected: 'mesh-c' });
  });

  it('leaves separate meshes on separate networks alone (near miss)', async () => {
    // i5 (mesh-e, net5) and i6 (mesh-f, net6) share neither a network nor a group.
    const files = (await checkFixture('mesh-istio')).map((finding) => finding.location.file);
    expect(files).not.toContain('clusters/i5/istiod.yaml');
    expect(files).not.toContain('clusters/i6/istiod.yaml');
  });
});

describe('Cilium ClusterMesh identities and settings', () => {
  it('reports a member without an id, an id over 255 and a maxConnectedClusters mismatch', async () => {
    const findings = (await checkFixture('mesh-cilium')).filter((finding) =>
      finding.ruleId.startsWith('mesh/'),
    );
    expect(findings.map(brief)).toEqual([
      'error mesh/cilium-setting-mismatch clusters/c4/cilium.yaml:22:33',
      'error mesh/cilium-cluster-id clusters/c5/cilium.yaml:13:7',
      'error mesh/cilium-cluster-id clusters/c7/cilium.yaml:16:15',
    ]);
    expect(findings[0]!.message).toContain('clustermesh.maxConnectedClusters');
    expect(findings[0]!.data).toMatchObject({ value: '511', expected: '255' });
    expect(findings[1]!.message).toContain('is not set');
    expect(findings[2]!.message).toContain('is 300');
  });

  it('accepts ids up to 511 with maxConnectedClusters 511, and a non-member without an id', async () => {
    // c1 (id 511) and c2 (id 300) both set maxConnectedClusters 511; c6 sets no id but
    // joins no mesh; c4's id 4 with 511 is in range even though its mesh disagrees.
    const files = (await checkFixture('mesh-cilium')).map((finding) => finding.location.file);
    expect(files).not.toContain('clusters/c1/cilium.yaml');
    expect(files).not.toContain('clusters/c2/cilium.yaml');
    expect(files).not.toContain('clusters/c6/cilium.yaml');
    expect(files.filter((file) => file === 'clusters/c4/cilium.yaml')).toHaveLength(1);
  });
});
