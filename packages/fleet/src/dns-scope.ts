import type { ExternalDnsInstance } from './externaldns.ts';

/**
 * The names an ExternalDNS instance may change, as external-dns decides it: a domain
 * filter `example.com` admits the name and every name below it; no filter admits every
 * name; `--exclude-domains` removes subtrees; `--regex-domain-filter`, when set,
 * replaces the plain filters; zone-id filters and the AWS zone type narrow the zones.
 */
export interface DnsScope {
  provider: string;
  domains: string[];
  excludes: string[];
  regex?: RegExp;
  /** The regex as written, to compare two regex filters that cannot be evaluated. */
  regexSource?: string;
  zoneIds: Set<string>;
  zoneType: string;
}

export function scopeOf(instance: ExternalDnsInstance): DnsScope {
  const scope: DnsScope = {
    provider: instance.provider?.value ?? '',
    domains: normalize(instance.domainFilters.map((setting) => setting.value)),
    excludes: normalize(instance.excludeDomains.map((setting) => setting.value)),
    zoneIds: new Set(
      instance.zoneIdFilters.flatMap((setting) => setting.value.split(',')).filter(Boolean),
    ),
    zoneType: instance.awsZoneType?.value ?? '',
  };
  const regex = instance.regexDomainFilter?.value;
  if (regex) {
    scope.regexSource = regex;
    try {
      scope.regex = new RegExp(regex);
    } catch {
      // Go's RE2 syntax that JavaScript does not read: compared as text only.
    }
  }
  return scope;
}

/** external-dns splits each filter on commas, trims dots and compares case-insensitively. */
function normalize(filters: readonly string[]): string[] {
  return filters
    .flatMap((filter) => filter.split(','))
    .map((filter) =>
      filter
        .trim()
        .toLowerCase()
        .replace(/^\.+|\.+$/g, ''),
    )
    .filter((filter) => filter !== '');
}

export function isUnder(name: string, domain: string): boolean {
  return name === domain || name.endsWith(`.${domain}`);
}

/**
 * A name both instances may manage, or undefined when their scopes are disjoint: `*`
 * for "any name", else a domain filter of one that lies inside the other's scope.
 */
export function sharedName(a: DnsScope, b: DnsScope): string | undefined {
  if (a.provider !== b.provider) return undefined;
  if (a.zoneIds.size > 0 && b.zoneIds.size > 0 && ![...a.zoneIds].some((id) => b.zoneIds.has(id)))
    return undefined;
  if (a.zoneType && b.zoneType && a.zoneType !== b.zoneType) return undefined;
  if (a.regexSource !== undefined && b.regexSource !== undefined)
    return a.regexSource === b.regexSource ? `names matching ${a.regexSource}` : undefined;
  if (a.regexSource !== undefined) return regexWitness(a, b);
  if (b.regexSource !== undefined) return regexWitness(b, a);
  const candidates =
    a.domains.length === 0 && b.domains.length === 0
      ? ['*']
      : a.domains.length === 0
        ? b.domains
        : b.domains.length === 0
          ? a.domains
          : [
              ...b.domains.filter((name) => a.domains.some((domain) => isUnder(name, domain))),
              ...a.domains.filter((name) => b.domains.some((domain) => isUnder(name, domain))),
            ];
  return candidates.find((name) => admits(a, name) && admits(b, name));
}

/** True unless the name's whole subtree is excluded. */
function admits(scope: DnsScope, name: string): boolean {
  return name === '*' || !scope.excludes.some((exclude) => isUnder(name, exclude));
}

function regexWitness(withRegex: DnsScope, plain: DnsScope): string | undefined {
  if (plain.domains.length === 0) return admits(withRegex, '*') ? '*' : undefined;
  // Unreadable regex: assume it may match, as external-dns would still run.
  const regex = withRegex.regex;
  return plain.domains.find(
    (name) =>
      admits(plain, name) &&
      admits(withRegex, name) &&
      (!regex || regex.test(name) || regex.test(`www.${name}`)),
  );
}
