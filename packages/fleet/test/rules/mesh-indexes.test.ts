import { clusterSecret } from '@fleetops/test/argocd';
import { writeTree } from '@fleetops/test/tree';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import {
  type Cluster,
  configuredGroups,
  type Fleet,
  type IstioInstall,
  loadFleet,
  meshInstalls,
} from '../../src/index.ts';
import { istioMeshComponents } from '../../src/istio.ts';

const application = (name: string, cluster: string, source: string) => `---
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: https://github.com/example-org/fleet.git
${source}
  destination:
    name: ${cluster}
    namespace: istio-system
`;

const remoteSecret = (name: string) => `apiVersion: v1
kind: Secret
metadata:
  name: istio-remote-secret-${name}
  labels:
    istio/multiCluster: "true"
stringData:
  ${name}: kubeconfig
`;

describe('remote secrets found through the directories Applications deploy', () => {
  it('holds a file in the deployed directory, and below it only when the deployment recurses', async () => {
    const root = await writeTree({
      '.fleetops.yaml': 'repository:\n  urls: [https://github.com/example-org/fleet]\n',
      'clusters/a/argocd.yaml': clusterSecret('a'),
      'clusters/b/argocd.yaml': clusterSecret('b'),
      'clusters/c/argocd.yaml': clusterSecret('c'),
      'management/apps.yaml': [
        application('direct', 'a', '    path: secrets/direct'),
        application('recursive', 'b', '    path: ./secrets/\n    directory:\n      recurse: true'),
        application(
          'kustomized',
          'c',
          '    path: secrets/kustomized\n    kustomize:\n      namePrefix: c-',
        ),
        application('root', 'a', '    path: ./'),
      ].join(''),
      'secrets/direct/s1.yaml': remoteSecret('s1'),
      'secrets/direct/deeper/s2.yaml': remoteSecret('s2'),
      'secrets/kustomized/sub/s3.yaml': remoteSecret('s3'),
      'root-secret.yaml': remoteSecret('root'),
      'elsewhere/s4.yaml': remoteSecret('s4'),
    });
    const { repository, fleet } = await loadFleet(root);
    const secrets = meshInstalls(repository, fleet).istioRemoteSecrets ?? [];
    expect(
      Object.fromEntries(secrets.map((secret) => [secret.keys[0]?.value, secret.clusters])),
    ).toEqual({
      // In the Applications' order.
      s1: ['a', 'b'],
      s2: ['b'],
      s3: ['b', 'c'],
      root: ['a'],
      s4: [],
    });
  });
});

function member(cluster: string, clusterName: string, remoteClusters?: string[]): IstioInstall {
  const location = { file: `${cluster}.yaml` };
  const install: IstioInstall = {
    name: `Application/argocd/${cluster}-istiod`,
    cluster,
    location,
    namespace: 'istio-system',
    remote: false,
    meshId: { value: 'mesh', location, explicit: true },
    clusterName: { value: clusterName, location, explicit: true },
  };
  if (remoteClusters) install.remoteClusters = remoteClusters;
  return install;
}

describe('Istio meshes joined by remote secrets to members sharing a name', () => {
  const clustersOf = (meshes: Map<string, IstioInstall[]>) =>
    [...meshes].map(([id, members]) => [id, members.map((m) => m.cluster)]);

  it('joins a member to every holder of the name its secret names', () => {
    const installs = [
      member('a', 'shared'),
      member('b', 'own', ['shared']),
      member('c', 'shared'),
      member('d', 'alone'),
      member('e', 'shared'),
    ];
    expect(clustersOf(istioMeshComponents(installs))).toEqual([
      ['mesh', ['a', 'b', 'c', 'e']],
      ['mesh #2', ['d']],
    ]);
  });

  it('joins the other holders of a name its own holder names', () => {
    const installs = [member('a', 'x', ['x']), member('b', 'y'), member('c', 'x')];
    expect(clustersOf(istioMeshComponents(installs))).toEqual([
      ['mesh', ['a', 'c']],
      ['mesh #2', ['b']],
    ]);
  });

  it('joins nothing through a name only its own holder has', () => {
    const installs = [member('a', 'x', ['x']), member('b', 'y'), member('c', 'z', ['y'])];
    expect(clustersOf(istioMeshComponents(installs))).toEqual([
      ['mesh', ['a']],
      ['mesh #2', ['b', 'c']],
    ]);
  });
});

describe('network groups of .fleetops.yaml', () => {
  const names = ['prod.eu-1', 'dev-2', 'prod-us', 'dev-1', 'Staging_3'];
  const fleetWith = (groups: { name: string; clusters: string[] }[]): Fleet => ({
    config: { networks: { groups } } as Fleet['config'],
    clusters: names.map((name) => ({ name }) as Cluster),
    findings: [],
  });

  it('matches cluster names as picomatch does, in the fleet order, whether listed or globbed', () => {
    const lists = [
      ['dev-1', 'prod.eu-1', 'dev-1', 'missing'],
      ['Staging_3'],
      ['dev-*', 'prod-us'],
      ['prod*'],
      ['!dev-1'],
      ['.hidden', 'prod.eu-1'],
      [],
    ];
    const groups = configuredGroups(
      fleetWith(lists.map((clusters, i) => ({ name: `g${i}`, clusters }))),
    );
    expect(groups.map((group) => [...group.clusters])).toEqual(
      lists.map((patterns) => names.filter((name) => picomatch(patterns)(name))),
    );
  });
});
