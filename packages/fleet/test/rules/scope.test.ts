import { describe, expect, it } from 'vitest';
import type { ExternalDnsInstance, Setting } from '../../src/index.ts';
import { parameterPath, scopeOf, sharedName } from '../../src/index.ts';

function setting(value: string): Setting<string> {
  return { value, location: { file: 'x.yaml' }, explicit: true };
}

function instance(options: {
  provider?: string;
  domains?: string[];
  excludes?: string[];
  regex?: string;
  zones?: string[];
  zoneType?: string;
}): ExternalDnsInstance {
  const result: ExternalDnsInstance = {
    name: 'Deployment/x',
    resource: {} as ExternalDnsInstance['resource'],
    origin: 'workload',
    location: { file: 'x.yaml' },
    provider: setting(options.provider ?? 'aws'),
    registry: setting('txt'),
    ownerId: setting('default'),
    policy: setting('sync'),
    txtPrefix: setting(''),
    txtSuffix: setting(''),
    domainFilters: (options.domains ?? []).map(setting),
    excludeDomains: (options.excludes ?? []).map(setting),
    zoneIdFilters: (options.zones ?? []).map(setting),
  };
  if (options.regex) result.regexDomainFilter = setting(options.regex);
  if (options.zoneType) result.awsZoneType = setting(options.zoneType);
  return result;
}

const shared = (a: Parameters<typeof instance>[0], b: Parameters<typeof instance>[0]) =>
  sharedName(scopeOf(instance(a)), scopeOf(instance(b)));

describe('ExternalDNS scopes', () => {
  it('intersects by domain suffix, with no filter meaning every name', () => {
    expect(shared({ domains: ['example.com'] }, { domains: ['a.example.com'] })).toBe(
      'a.example.com',
    );
    expect(shared({}, {})).toBe('*');
    expect(shared({}, { domains: ['Example.COM.'] })).toBe('example.com');
    expect(
      shared({ domains: ['a.example.com,b.example.com'] }, { domains: ['b.example.com'] }),
    ).toBe('b.example.com');
  });

  it('keeps suffix-alike but different domains apart', () => {
    expect(shared({ domains: ['example.com'] }, { domains: ['myexample.com'] })).toBeUndefined();
    expect(shared({ domains: ['a.example.com'] }, { domains: ['b.example.com'] })).toBeUndefined();
  });

  it('honours exclusions, providers, zone ids and AWS zone types', () => {
    expect(
      shared(
        { domains: ['example.com'], excludes: ['a.example.com'] },
        { domains: ['x.a.example.com'] },
      ),
    ).toBeUndefined();
    expect(shared({ provider: 'aws' }, { provider: 'google' })).toBeUndefined();
    expect(shared({ zones: ['Z1'] }, { zones: ['Z2'] })).toBeUndefined();
    expect(shared({ zones: ['Z1', 'Z2'] }, { zones: ['Z2'] })).toBe('*');
    expect(shared({ zoneType: 'public' }, { zoneType: 'private' })).toBeUndefined();
    expect(shared({ zoneType: 'public' }, {})).toBe('*');
  });

  it('lets a regex filter replace the plain ones', () => {
    expect(
      shared(
        { regex: '\\.example\\.io$', domains: ['other.org'] },
        { domains: ['api.example.io'] },
      ),
    ).toBe('api.example.io');
    expect(shared({ regex: '\\.example\\.io$' }, { domains: ['example.org'] })).toBeUndefined();
  });
});

describe('Helm parameter names', () => {
  it('nests on dots, indexes on brackets and keeps escaped dots', () => {
    expect(parameterPath('domainFilters[1]')).toEqual(['domainFilters', 1]);
    expect(parameterPath('provider.name')).toEqual(['provider', 'name']);
    expect(parameterPath('podAnnotations.example\\.com/role')).toEqual([
      'podAnnotations',
      'example.com/role',
    ]);
    expect(parameterPath('list[x]')).toEqual([]);
  });
});
