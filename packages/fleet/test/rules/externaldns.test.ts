import { describe, expect, it } from 'vitest';
import { externalDnsInstances } from '../../src/index.ts';
import { brief, checkFixture, loadFixture } from './helpers.ts';

describe('ExternalDNS instances', () => {
  it('reads flags from args, EXTERNAL_DNS_* variables, chart values, value strings and parameters', async () => {
    const { repository, fleet } = await loadFixture('externaldns');
    const byCluster = new Map(
      externalDnsInstances(repository, fleet).map((instance) => [instance.cluster, instance]),
    );
    expect([...byCluster.keys()].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    const c = byCluster.get('c')!;
    expect(c.ownerId).toMatchObject({ value: 'c', explicit: true });
    expect(c.ownerId.location).toMatchObject({ file: 'clusters/c/external-dns.yaml', line: 16 });
    expect(c.domainFilters.map((filter) => filter.value)).toEqual(['c.example.org']);
    const b = byCluster.get('b')!;
    expect(b.origin).toBe('kubernetes-sigs chart');
    expect(b.provider?.value).toBe('aws');
    expect(b.ownerId).toMatchObject({ value: 'default', explicit: false });
    expect(b.policy).toMatchObject({ value: 'upsert-only', explicit: false });
    const d = byCluster.get('d')!;
    expect(d.origin).toBe('bitnami chart');
    // helm.values is a literal block: positions inside it map to the file's lines.
    expect(d.ownerId.location).toMatchObject({ line: 16, column: 21 });
    const e = byCluster.get('e')!;
    expect(e.txtPrefix).toMatchObject({ value: 'meta-', explicit: true });
    expect(e.txtPrefix.location).toMatchObject({ file: 'clusters/e/external-dns.yaml', line: 20 });
    const g = byCluster.get('g')!;
    expect(g.provider?.value).toBe('aws');
    expect(g.policy.value).toBe('upsert-only');
    expect(byCluster.get('f')!.registry.value).toBe('noop');
  });
});

describe('ExternalDNS rules', () => {
  it('fires on shared owners, noop registries, hidden ownership, regex filters and implicit policies only', async () => {
    const findings = (await checkFixture('externaldns')).filter((finding) =>
      finding.ruleId.startsWith('externaldns/'),
    );
    expect(findings.map(brief)).toEqual([
      'error externaldns/shared-owner-id clusters/b/external-dns.yaml:10:5',
      'warning externaldns/implicit-policy clusters/b/external-dns.yaml:10:5',
      'warning externaldns/hidden-ownership-records clusters/e/external-dns.yaml:20:18',
      'error externaldns/noop-registry-shared-zone clusters/f/external-dns.yaml:14:15',
      'warning externaldns/regex-overrides-domain-filter clusters/h/external-dns.yaml:15:15',
    ]);
  });

  it('names both instances, their clusters and the shared name in the owner finding', async () => {
    const finding = (await checkFixture('externaldns')).find(
      (candidate) => candidate.ruleId === 'externaldns/shared-owner-id',
    )!;
    expect(finding.message).toContain('cluster a');
    expect(finding.message).toContain('cluster b');
    expect(finding.message).toContain('"default" (neither sets --txt-owner-id)');
    expect(finding.message).toContain('app.shared.example.com');
    expect(finding.related).toEqual([
      expect.objectContaining({ file: 'clusters/a/external-dns.yaml' }),
    ]);
    expect(finding.data).toMatchObject({ clusters: ['b', 'a'], ownerId: 'default' });
  });

  it('lets instances with disjoint or excluded domains share an owner id', async () => {
    const findings = await checkFixture('externaldns');
    // d shares owner id "c" with c on a disjoint domain; i shares "default" with a and b
    // inside a subtree a excludes.
    const files = findings.map((finding) => finding.location.file);
    expect(files).not.toContain('clusters/d/external-dns.yaml');
    expect(files).not.toContain('clusters/i/external-dns.yaml');
    expect(files).not.toContain('clusters/c/external-dns.yaml');
  });
});
