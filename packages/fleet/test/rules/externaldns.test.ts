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

describe('ExternalDNS regex domain filters against plain ones', () => {
  it('finds a shared owner when the regex names a host under the other domain', async () => {
    const findings = await checkFixture('externaldns-regex');
    expect(findings.map(brief)).toEqual([
      'error externaldns/shared-owner-id clusters/b/external-dns.yaml:10:11',
      'error externaldns/shared-owner-id clusters/f/external-dns.yaml:10:11',
    ]);
    // a: ^api\.example\.com$ against b: example.com — the witness is the regex's own host.
    expect(findings[0]!.message).toContain('cluster a');
    expect(findings[0]!.data).toMatchObject({ name: 'api.example.com', clusters: ['b', 'a'] });
    // e: ^[a-z]+[0-9]\. cannot be decided against example.com: assumed to intersect.
    expect(findings[1]!.message).toContain('assuming the scopes may intersect');
    expect(findings[1]!.data).toMatchObject({ clusters: ['f', 'e'] });
  });

  it('stays quiet when the regex is anchored on a different domain (near miss)', async () => {
    const files = (await checkFixture('externaldns-regex')).map((finding) => finding.location.file);
    // c: ^api\.example\.net$ against d: example.com, same provider and owner; and neither
    // a, c nor e sets a plain --domain-filter next to its regex, so no override warning.
    expect(files).not.toContain('clusters/c/external-dns.yaml');
    expect(files).not.toContain('clusters/d/external-dns.yaml');
    expect(files).not.toContain('clusters/a/external-dns.yaml');
    expect(files).not.toContain('clusters/e/external-dns.yaml');
    // g: ^api\.example\.com$ admits that one name, above h's eu.api.example.com.
    expect(files).not.toContain('clusters/g/external-dns.yaml');
    expect(files).not.toContain('clusters/h/external-dns.yaml');
  });
});

describe('ExternalDNS ownership records between every pair of prefixes', () => {
  it('reports two instances off the fleet convention that share names', async () => {
    const findings = (await checkFixture('externaldns-pairs')).filter((finding) =>
      finding.ruleId.startsWith('externaldns/'),
    );
    // l and m use the common prefix p2- on other.example.com; k (p1-) and n (p3-) meet
    // on app.one.example.com only, so comparing with the convention alone misses them.
    expect(findings.map(brief)).toEqual([
      'warning externaldns/hidden-ownership-records clusters/n/external-dns.yaml:16:15',
    ]);
    expect(findings[0]!.message).toContain('cluster k');
    expect(findings[0]!.data).toMatchObject({ clusters: ['n', 'k'], name: 'app.one.example.com' });
  });

  it('stays quiet on a noop registry in a disjoint zone, equal prefixes and disjoint scopes', async () => {
    const files = (await checkFixture('externaldns-pairs')).map((finding) => finding.location.file);
    // f (noop, a.example.com) and g (b.example.com): disjoint zones.
    expect(files).not.toContain('clusters/f/external-dns.yaml');
    expect(files).not.toContain('clusters/g/external-dns.yaml');
    // h and i share x.example.com with the same prefix "meta-".
    expect(files).not.toContain('clusters/h/external-dns.yaml');
    expect(files).not.toContain('clusters/i/external-dns.yaml');
    // o (p4-) on three.example.com meets nobody.
    expect(files).not.toContain('clusters/o/external-dns.yaml');
  });
});
