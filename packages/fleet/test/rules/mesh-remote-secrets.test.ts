import { nearestName } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { invariantRules, meshInstalls } from '../../src/index.ts';
import { istioMeshes, meshGroups } from '../../src/network-groups.ts';
import { brief, checkFixture, loadFixture } from './helpers.ts';

const fixture = 'mesh-istio-remote';

describe('Istio remote secrets in the fleet model', () => {
  it('reads each remote secret with the clusters holding it and the cluster IDs it registers', async () => {
    const { repository, fleet } = await loadFixture(fixture);
    const { istioRemoteSecrets } = meshInstalls(repository, fleet);
    expect(
      istioRemoteSecrets!.map((secret) => [
        secret.resource.name,
        secret.clusters,
        secret.namespace?.value,
        secret.keys.map((key) => key.value),
      ]),
    ).toEqual([
      ['istio-remote-secret-west', ['east'], 'istio-system', ['west']],
      ['istio-remote-secret-north', ['east'], 'istio-system', ['north']],
      ['istio-remote-secret-remote1', ['east'], 'istio-system', ['remote1']],
      ['istio-remote-secret-gamma', ['east'], 'istio-system', ['gamma']],
      ['west-credentials', ['east'], 'istio-system', ['west']],
      ['legacy-north', ['east'], 'istio-system', ['north']],
      ['istio-remote-secret-easst', ['north'], 'istio-system', ['easst']],
      ['istio-remote-secret-south', ['remote1'], 'istio-system', ['east']],
      ['istio-remote-secret-west', ['south'], 'istio-system', ['west']],
      // Outside every cluster directory: held by the Application's destination, west, and
      // in its destination namespace when the Secret names none.
      ['istio-remote-secret-east', ['west'], 'istio-system', ['east']],
      ['istio-remote-secret-south', ['west'], 'istio-system', ['south']],
      ['istio-remote-secret-north', ['west'], 'istio-config', ['north']],
    ]);
  });

  it('connects each istiod to the clusters of the secrets it reads; a remote cluster reads none', async () => {
    const { repository, fleet } = await loadFixture(fixture);
    const { istio } = meshInstalls(repository, fleet);
    expect(
      istio.map((install) => [install.cluster, install.remote, install.remoteClusters ?? []]),
    ).toEqual([
      // west-credentials repeats west; legacy-north lacks the label.
      ['east', false, ['west', 'north', 'remote1', 'gamma']],
      ['gamma', false, []],
      ['north', false, ['easst']],
      ['remote1', true, []],
      ['south', false, ['west']],
      // istio-remote-secret-north is in istio-config, where istiod does not look.
      ['west', false, ['east', 'south']],
    ]);
  });

  it('forms the mesh from remote secrets: a member no secret connects stands alone', async () => {
    const installs = await loadFixture(fixture).then(({ repository, fleet }) =>
      meshInstalls(repository, fleet),
    );
    const meshes = [...istioMeshes(installs.istio)].map(([id, members]) => [
      id,
      members.map((member) => member.cluster),
    ]);
    expect(meshes).toEqual([
      ['mesh-a', ['east', 'north', 'remote1', 'south', 'west']],
      // gamma shares meshID mesh-a, but no remote secret reaches gamma-1.
      ['mesh-a #2', ['gamma']],
    ]);
    expect(meshGroups(installs).map((group) => [group.name, [...group.clusters]])).toEqual([
      ['Istio mesh mesh-a', ['east', 'north', 'remote1', 'south', 'west']],
    ]);
  });

  it('keeps grouping members by meshID where the repository has no remote secrets', async () => {
    const { repository, fleet } = await loadFixture('mesh-istio');
    const { istio, istioRemoteSecrets } = meshInstalls(repository, fleet);
    expect(istioRemoteSecrets).toEqual([]);
    expect([...istioMeshes(istio).keys()]).toEqual([
      'mesh-a',
      'mesh-b',
      'mesh-c',
      'mesh-d',
      'mesh-e',
      'mesh-f',
    ]);
  });
});

describe('Istio remote secret rules', () => {
  const remoteSecretRules = async () =>
    (await checkFixture(fixture)).filter((finding) =>
      finding.ruleId.startsWith('mesh/istio-remote-secret-'),
    );

  it('reports each broken connection once, at the key or field to fix', async () => {
    expect((await remoteSecretRules()).map(brief)).toEqual([
      'warning mesh/istio-remote-secret-one-way clusters/east/remote-secrets.yaml:42:10',
      'warning mesh/istio-remote-secret-unknown-cluster clusters/east/remote-secrets.yaml:102:10',
      'warning mesh/istio-remote-secret-ignored clusters/east/remote-secrets.yaml:130:9',
      'warning mesh/istio-remote-secret-ignored clusters/east/remote-secrets.yaml:156:34',
      'warning mesh/istio-remote-secret-unknown-cluster clusters/north/remote-secrets.yaml:12:10',
      'warning mesh/istio-remote-secret-name-mismatch clusters/remote1/remote-secrets.yaml:12:9',
      'warning mesh/istio-remote-secret-name-mismatch clusters/south/remote-secrets.yaml:10:34',
      'error mesh/istio-remote-secret-mesh-id clusters/south/remote-secrets.yaml:12:9',
      'error mesh/istio-remote-secret-mesh-id mesh/remote-secrets/west/secrets.yaml:40:10',
      'warning mesh/istio-remote-secret-ignored mesh/remote-secrets/west/secrets.yaml:64:14',
    ]);
  });

  it('suggests the nearest member name, or the clusterName of the fleet cluster named', async () => {
    const unknown = (await remoteSecretRules()).filter(
      (finding) => finding.ruleId === 'mesh/istio-remote-secret-unknown-cluster',
    );
    expect(unknown.map((finding) => finding.data)).toEqual([
      { clusters: ['east'], value: 'gamma', suggestion: 'gamma-1' },
      { clusters: ['north'], value: 'easst', suggestion: 'east' },
    ]);
    expect(unknown[0]!.message).toContain(
      'cluster gamma of the fleet has istiod Application/argocd/gamma-istiod with global.multiCluster.clusterName "gamma-1"',
    );
    expect(unknown[0]!.related).toEqual([
      expect.objectContaining({ file: 'clusters/gamma/istiod.yaml' }),
    ]);
    expect(unknown[1]!.message).toContain('did you mean "east"?');
    expect(nearestName('prod-eu-wset', ['prod-eu-west', 'prod-us-east'])).toBe('prod-eu-west');
    expect(nearestName('staging', ['prod-eu-west'])).toBeUndefined();
  });

  it('names both sides of a one-way link, and both meshIDs of a link across meshes', async () => {
    const findings = await remoteSecretRules();
    const oneWay = findings.find((f) => f.ruleId === 'mesh/istio-remote-secret-one-way')!;
    expect(oneWay.message).toContain(
      'cluster north holds no remote secret for "east" that its istiod reads',
    );
    expect(oneWay.data).toEqual({ clusters: ['east', 'north'], value: 'north', missing: 'east' });
    const meshId = findings.filter((f) => f.ruleId === 'mesh/istio-remote-secret-mesh-id');
    expect(meshId.map((f) => f.data)).toEqual([
      { clusters: ['south', 'west'], value: 'mesh-a', expected: 'mesh-b' },
      { clusters: ['west', 'south'], value: 'mesh-b', expected: 'mesh-a' },
    ]);
    expect(meshId[0]!.related?.map((r) => r.message)).toEqual([
      'global.meshID: mesh-a',
      'global.meshID: mesh-b',
    ]);
  });

  it('says why istiod ignores a secret', async () => {
    const ignored = (await remoteSecretRules()).filter(
      (finding) => finding.ruleId === 'mesh/istio-remote-secret-ignored',
    );
    expect(ignored.map((finding) => finding.message)).toEqual([
      expect.stringContaining(
        'which Secret/istio-system/istio-remote-secret-west registers already',
      ),
      expect.stringContaining('has no label istio/multiCluster: "true"'),
      expect.stringContaining(
        'is in namespace istio-config, but istiod of cluster west runs in istio-system',
      ),
    ]);
  });

  it('leaves clean links alone (near misses)', async () => {
    const files = (await remoteSecretRules()).map(
      (finding) => `${finding.location.file}:${finding.location.line}`,
    );
    // east ↔ west both ways; east → remote1, a remote cluster of primary-remote; gamma's
    // istio-kubeconfig of an external control plane; a Secret with neither label nor
    // annotation (cacerts).
    expect(files).not.toContain('clusters/east/remote-secrets.yaml:16');
    expect(files).not.toContain('clusters/east/remote-secrets.yaml:72');
    expect(files).not.toContain('mesh/remote-secrets/west/secrets.yaml:12');
    expect(files.filter((file) => file.startsWith('clusters/gamma/'))).toEqual([]);
    // A remote secret reaches nobody's pod ranges or the older meshID rule here.
    const others = (await checkFixture(fixture)).filter(
      (finding) => !finding.ruleId.startsWith('mesh/istio-remote-secret-'),
    );
    expect(others.map(brief)).toEqual([]);
  });

  it('gives every rule a severity, a rationale and a documentation link', () => {
    for (const id of [
      'mesh/istio-remote-secret-unknown-cluster',
      'mesh/istio-remote-secret-name-mismatch',
      'mesh/istio-remote-secret-one-way',
      'mesh/istio-remote-secret-mesh-id',
      'mesh/istio-remote-secret-ignored',
    ]) {
      const rule = invariantRules.get(id)!;
      expect(rule.rationale?.length).toBeGreaterThan(100);
      expect(rule.helpUri).toMatch(/^https:\/\/istio\.io\//);
    }
    expect(invariantRules.get('mesh/istio-remote-secret-mesh-id')!.defaultSeverity).toBe('error');
    expect(invariantRules.get('mesh/istio-remote-secret-one-way')!.defaultSeverity).toBe('warning');
  });
});
