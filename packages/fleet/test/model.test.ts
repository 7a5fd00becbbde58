import { clusterSecret as argocdClusterSecret } from '@fleetops/test/argocd';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { checkLoaded } from '../src/check.ts';
import { overlaps, parseCidr } from '../src/cidr.ts';
import { inventoryJson } from '../src/inventory.ts';
import { loadFleet } from '../src/load.ts';

async function fleetOf(files: Record<string, string>) {
  return loadFleet(await writeTree(files));
}

const capiCluster = (name: string, extra = '') => `apiVersion: cluster.x-k8s.io/v1beta2
kind: Cluster
metadata:
  name: ${name}
  namespace: fleet
  labels:
    stage: dev
    region: us-east
spec:
  clusterNetwork:
    pods:
      cidrBlocks: [10.10.0.0/16]
    services:
      cidrBlocks: [10.96.0.0/16]
  controlPlaneRef:
    apiGroup: controlplane.cluster.x-k8s.io
    kind: KubeadmControlPlane
    name: ${name}-cp
  infrastructureRef:
    apiGroup: infrastructure.cluster.x-k8s.io
    kind: AWSCluster
    name: ${name}
${extra}`;

const controlPlane = (
  name: string,
  version: string,
) => `apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KubeadmControlPlane
metadata:
  name: ${name}-cp
  namespace: fleet
spec:
  version: ${version}
`;

const awsCluster = (
  name: string,
  vpc: string,
) => `apiVersion: infrastructure.cluster.x-k8s.io/v1beta2
kind: AWSCluster
metadata:
  name: ${name}
  namespace: fleet
spec:
  region: us-east-1
${vpc}`;

const clusterSecret = (name: string, server: string, labels = 'stage: dev') =>
  argocdClusterSecret(name, labels, { server, type: 'Opaque' });

describe('the fleet model', () => {
  it('merges a cluster from its directory, Cluster API objects and Argo CD secret', async () => {
    const { fleet } = await fleetOf({
      'clusters/dev-1/cluster.yaml': `${capiCluster('dev-1')}---\n${controlPlane('dev-1', 'v1.33.4')}---\n${awsCluster('dev-1', '  network:\n    vpc:\n      cidrBlock: 10.50.0.0/16\n')}`,
      'clusters/dev-1/argocd.yaml': clusterSecret(
        'dev-1',
        'https://dev-1.k8s.example.com',
        'stage: dev\n    team: platform',
      ),
    });
    expect(fleet.findings).toEqual([]);
    const [cluster] = inventoryJson(fleet).clusters;
    expect(cluster).toEqual({
      name: 'dev-1',
      stage: 'dev',
      labels: { stage: 'dev', region: 'us-east', team: 'platform' },
      kubernetesVersion: 'v1.33.4',
      server: 'https://dev-1.k8s.example.com',
      directory: 'clusters/dev-1',
      networks: {
        pods: ['10.10.0.0/16'],
        services: ['10.96.0.0/16'],
        infrastructure: ['10.50.0.0/16'],
      },
      sources: [
        { kind: 'directory', file: 'clusters/dev-1' },
        {
          kind: 'cluster-api',
          file: 'clusters/dev-1/cluster.yaml',
          line: 1,
          object: 'Cluster/fleet/dev-1',
        },
        {
          kind: 'control-plane',
          file: 'clusters/dev-1/cluster.yaml',
          line: 24,
          object: 'KubeadmControlPlane/fleet/dev-1-cp',
        },
        {
          kind: 'infrastructure',
          file: 'clusters/dev-1/cluster.yaml',
          line: 32,
          object: 'AWSCluster/fleet/dev-1',
        },
        {
          kind: 'argocd-secret',
          file: 'clusters/dev-1/argocd.yaml',
          line: 1,
          object: 'Secret/argocd/cluster-dev-1',
        },
      ],
    });
    const model = fleet.clusters[0]!;
    expect(model.kubernetesVersion!.location).toMatchObject({
      file: 'clusters/dev-1/cluster.yaml',
      line: 30,
      column: 12,
    });
    expect(model.networks.pods[0]!.location).toMatchObject({ line: 12, column: 20 });
    expect(model.resources).toHaveLength(4);
  });

  it('prefers spec.topology.version and reads v1beta1 references and base64 secret data', async () => {
    const { fleet } = await fleetOf({
      'mgmt/cluster.yaml': `apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata: {name: topo, namespace: fleet}
spec:
  topology: {class: standard, version: v1.32.1}
  infrastructureRef: {apiVersion: infrastructure.cluster.x-k8s.io/v1beta2, kind: AWSCluster, name: topo}
---
${awsCluster('topo', '')}---
apiVersion: v1
kind: Secret
metadata:
  name: topo
  labels: {argocd.argoproj.io/secret-type: cluster}
data:
  name: ${Buffer.from('topo').toString('base64')}
  server: ${Buffer.from('https://topo.example.com').toString('base64')}
`,
    });
    const [cluster] = inventoryJson(fleet).clusters;
    expect(cluster).toMatchObject({
      name: 'topo',
      kubernetesVersion: 'v1.32.1',
      server: 'https://topo.example.com',
      directory: null,
      // No vpc block: CAPA creates a 10.0.0.0/16 VPC.
      networks: { infrastructure: ['10.0.0.0/16'] },
    });
    expect(fleet.clusters[0]!.networks.infrastructure[0]!.defaulted).toBe(true);
  });

  it('reports a label on which the sources disagree, pointing at both', async () => {
    const { fleet } = await fleetOf({
      'clusters/a/cluster.yaml': capiCluster('a'),
      'clusters/a/argocd.yaml': clusterSecret('a', 'https://a.example.com', 'stage: production'),
    });
    expect(fleet.findings).toEqual([
      {
        ruleId: 'fleet/label-conflict',
        severity: 'error',
        message:
          'cluster a: label stage is "production" in the Argo CD cluster secret but "dev" in the Cluster API Cluster',
        location: expect.objectContaining({ file: 'clusters/a/argocd.yaml', line: 8, column: 12 }),
        related: [
          expect.objectContaining({
            file: 'clusters/a/cluster.yaml',
            line: 7,
            column: 12,
            message: 'stage: dev',
          }),
        ],
      },
    ]);
  });

  it('reports invalid CIDRs, duplicate definitions, duplicate servers, unknown stages and misplaced objects', async () => {
    const { fleet } = await fleetOf({
      'clusters/a/cluster.yaml': capiCluster('a')
        .replace('10.10.0.0/16', '10.10.0.1/16')
        .replace('10.96.0.0/16', 'not-a-cidr'),
      'clusters/b/cluster.yaml': capiCluster('a').replace('namespace: fleet', 'namespace: other'),
      'argocd/x.yaml': clusterSecret('x', 'https://same.example.com', 'stage: qa'),
      'argocd/y.yaml': clusterSecret('y', 'https://same.example.com'),
    });
    expect(
      fleet.findings.map((finding) => [
        finding.ruleId,
        finding.location.file,
        finding.location.line,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['fleet/duplicate-cluster', 'clusters/b/cluster.yaml', 1],
        ['fleet/duplicate-server', 'argocd/y.yaml', 12],
        ['fleet/invalid-cidr', 'clusters/a/cluster.yaml', 12],
        ['fleet/invalid-cidr', 'clusters/a/cluster.yaml', 14],
        ['fleet/unknown-stage', 'argocd/x.yaml', 8],
      ]),
    );
    const invalid = fleet.findings
      .filter((finding) => finding.ruleId === 'fleet/invalid-cidr')
      .map((finding) => finding.message);
    expect(invalid).toEqual([
      'Cluster/a spec.clusterNetwork.pods.cidrBlocks[0]: "10.10.0.1/16" has host bits set; the network is 10.10.0.0/16',
      'Cluster/a spec.clusterNetwork.services.cidrBlocks[0]: "not-a-cidr" is not a CIDR block (expected address/prefix, e.g. 10.0.0.0/16)',
    ]);
  });

  it('takes at most one pods or services block per family, and at most two blocks', async () => {
    const { fleet } = await fleetOf({
      'clusters/a/cluster.yaml': capiCluster('a').replace(
        '[10.10.0.0/16]',
        '[10.10.0.0/16, 10.11.0.0/16]',
      ),
      'clusters/b/cluster.yaml': capiCluster('b').replace(
        '[10.96.0.0/16]',
        '[10.96.0.0/16, fd00:96::/108, fd00:97::/108]',
      ),
      // The near miss: dual-stack, one IPv4 and one IPv6 block each.
      'clusters/c/cluster.yaml': capiCluster('c')
        .replace('[10.10.0.0/16]', '[10.10.0.0/16, fd00:10::/56]')
        .replace('[10.96.0.0/16]', '[fd00:96::/108, 10.96.0.0/16]'),
    });
    const findings = fleet.findings.filter(
      (finding) => finding.ruleId === 'fleet/cluster-network-blocks',
    );
    expect(
      findings.map((finding) => [finding.location.file, finding.severity, finding.message]),
    ).toEqual([
      [
        'clusters/a/cluster.yaml',
        'error',
        expect.stringContaining('pods.cidrBlocks[1]: cluster a has two IPv4 blocks'),
      ],
      [
        'clusters/b/cluster.yaml',
        'error',
        expect.stringContaining('services.cidrBlocks[2]: cluster b lists 3 blocks'),
      ],
    ]);
    expect(findings[0]!.related).toEqual([
      expect.objectContaining({ file: 'clusters/a/cluster.yaml', line: 12 }),
    ]);
  });

  it('warns when an object in one cluster directory defines another cluster', async () => {
    const { fleet } = await fleetOf({ 'clusters/prod-1/cluster.yaml': capiCluster('prod-2') });
    expect(fleet.findings).toEqual([
      expect.objectContaining({
        ruleId: 'fleet/directory-mismatch',
        severity: 'warning',
        message: expect.stringContaining('lives in clusters/prod-1/'),
      }),
    ]);
    expect(fleet.clusters.map((cluster) => cluster.name)).toEqual(['prod-1', 'prod-2']);
  });

  it('reads the stage from the fallback label and honours .fleetops.yaml', async () => {
    const { fleet } = await fleetOf({
      '.fleetops.yaml': 'stages: [test, live]\nclusters:\n  directories: ["regions/*/*"]\n',
      'regions/eu/c1/secret.yaml': clusterSecret(
        'c1',
        'https://c1.example.com',
        'environment: live',
      ),
    });
    expect(fleet.findings).toEqual([]);
    expect(inventoryJson(fleet).clusters).toEqual([
      expect.objectContaining({ name: 'c1', stage: 'live', directory: 'regions/eu/c1' }),
    ]);
  });

  it('check combines loading findings and model findings in a stable order', async () => {
    const loaded = await fleetOf({
      'clusters/a/cluster.yaml': capiCluster('a').replace('10.10.0.0/16', '10.10.0.1/16'),
      'broken.yaml': 'a: [\n',
    });
    const result = checkLoaded(loaded);
    expect(result.findings.map((finding) => finding.ruleId)).toEqual([
      'load/yaml-syntax',
      'fleet/invalid-cidr',
    ]);
    expect(result.stats).toMatchObject({ files: 2, resources: 1, clusters: 1 });
    expect(result.rules.get('fleet/invalid-cidr')?.defaultSeverity).toBe('error');
  });
});

describe('CIDR arithmetic', () => {
  it('parses IPv4 and IPv6 blocks and detects overlap', () => {
    const a = parseCidr('10.0.0.0/8');
    const b = parseCidr('10.20.0.0/16');
    const c = parseCidr('192.168.0.0/16');
    const v6 = parseCidr('fd00:10::/64');
    if ('error' in a || 'error' in b || 'error' in c || 'error' in v6)
      throw new Error('expected valid blocks');
    expect(overlaps(a, b)).toBe(true);
    expect(overlaps(b, a)).toBe(true);
    expect(overlaps(a, c)).toBe(false);
    expect(overlaps(a, v6)).toBe(false);
    expect(v6).toMatchObject({ family: 6, prefix: 64 });
  });

  it('explains what is wrong with a bad block', () => {
    expect(parseCidr('10.0.0.0')).toEqual({ error: expect.stringContaining('not a CIDR block') });
    expect(parseCidr('10.0.0.0/33')).toEqual({ error: '"10.0.0.0/33" is not a valid CIDR block' });
    expect(parseCidr('fd00::1/64')).toEqual({
      error: '"fd00::1/64" has host bits set; the network is fd00::/64',
    });
  });
});
