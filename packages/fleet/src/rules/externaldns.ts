import { type Finding, type Location, relatedLocation } from '@fleetops/core';
import { type DnsScope, scopeOf, sharedName } from '../dns-scope.ts';
import type { ExternalDnsInstance } from '../externaldns.ts';
import { addTo, groupBy } from '../group.ts';
import type { Setting } from '../setting.ts';
import { invariantFinding } from './catalog.ts';

interface Entry {
  index: number;
  instance: ExternalDnsInstance;
  scope: DnsScope;
}

/** Registries that keep ownership records keyed by the owner id. */
const ownerRegistries = new Set(['txt', 'dynamodb', 'aws-sd']);

export function externalDnsFindings(instances: readonly ExternalDnsInstance[]): Finding[] {
  const entries = instances.map((instance, index) => ({
    index,
    instance,
    scope: scopeOf(instance),
  }));
  const findings: Finding[] = [];
  for (const entry of entries) findings.push(...singleInstanceFindings(entry.instance));
  const byProvider = groupBy(entries, (entry) => entry.scope.provider);
  for (const bucket of byProvider.values()) {
    findings.push(...sharedOwnerFindings(bucket));
    findings.push(...noopFindings(bucket));
    findings.push(...hiddenOwnershipFindings(bucket));
  }
  return findings;
}

function singleInstanceFindings(instance: ExternalDnsInstance): Finding[] {
  const findings: Finding[] = [];
  const first = instance.domainFilters[0];
  if (instance.regexDomainFilter && first) {
    findings.push(
      invariantFinding(
        'externaldns/regex-overrides-domain-filter',
        `ExternalDNS ${where(instance)} sets --regex-domain-filter=${instance.regexDomainFilter.value}, so its --domain-filter ${instance.domainFilters.map((filter) => filter.value).join(', ')} is ignored; keep one of the two.`,
        first.location,
        [relatedLocation(instance.regexDomainFilter.location, 'the regex filter that wins')],
      ),
    );
  }
  if (!instance.policy.explicit) {
    const how =
      instance.origin === 'workload'
        ? 'the binary defaults to sync'
        : `the ${instance.origin} defaults to upsert-only`;
    findings.push(
      invariantFinding(
        'externaldns/implicit-policy',
        `ExternalDNS ${where(instance)} does not set --policy (${how}); state policy: sync or upsert-only so that whether it deletes records does not depend on how it is installed.`,
        instance.location,
      ),
    );
  }
  return findings;
}

/** Instances sharing an owner id are grouped first: the usual fleet has one per id. */
function sharedOwnerFindings(bucket: readonly Entry[]): Finding[] {
  const findings: Finding[] = [];
  const withOwner = bucket.filter((entry) => ownerRegistries.has(entry.instance.registry.value));
  for (const group of groupBy(withOwner, (entry) => entry.instance.ownerId.value).values()) {
    if (group.length < 2) continue;
    const index = new ScopeIndex(group);
    for (const entry of group) {
      const match = index.firstEarlier(entry);
      if (!match) continue;
      const { instance } = entry;
      const other = match.entry.instance;
      const owner = instance.ownerId;
      const unset =
        !owner.explicit && !other.ownerId.explicit ? ' (neither sets --txt-owner-id)' : '';
      findings.push(
        invariantFinding(
          'externaldns/shared-owner-id',
          `ExternalDNS ${where(instance)} and ${where(other)} both use owner id "${owner.value}"${unset} and can both manage ${nameText(match.name)} with provider ${entry.scope.provider || '(unset)'}: each deletes the records the other creates. Give each instance its own --txt-owner-id (the cluster name is a good one), or make their domain filters disjoint.`,
          settingLocation(owner, instance),
          [relatedLocation(settingLocation(other.ownerId, other), `owner id of ${where(other)}`)],
          { clusters: clustersOf(instance, other), ownerId: owner.value, name: match.name },
        ),
      );
    }
  }
  return findings;
}

function noopFindings(bucket: readonly Entry[]): Finding[] {
  const noops = bucket.filter((entry) => entry.instance.registry.value === 'noop');
  if (noops.length === 0) return [];
  const index = new ScopeIndex(bucket);
  const findings: Finding[] = [];
  for (const entry of noops) {
    const match = index.first(entry);
    if (!match) continue;
    const other = match.entry.instance;
    findings.push(
      invariantFinding(
        'externaldns/noop-registry-shared-zone',
        `ExternalDNS ${where(entry.instance)} uses registry noop, which keeps no ownership records, yet ${where(other)} can manage ${nameText(match.name)} too: one deletes or overwrites the other's records. Use the txt registry with distinct owner ids, or disjoint domain filters.`,
        entry.instance.registry.location,
        [relatedLocation(other.location, `also manages ${nameText(match.name)}`)],
        { clusters: clustersOf(entry.instance, other), name: match.name },
      ),
    );
  }
  return findings;
}

/**
 * Every two txt-registry instances whose scopes intersect and whose TXT prefix/suffix
 * differ hide their ownership records from each other. Instances are found through the
 * scope index. Each instance is reported once per other prefix/suffix pair it meets:
 * against an instance of the pair most instances use (the fleet's convention) when
 * there is one, else against an earlier instance; instances of the convention itself
 * are the reference, not the reported side.
 */
function hiddenOwnershipFindings(bucket: readonly Entry[]): Finding[] {
  const txt = bucket.filter((entry) => entry.instance.registry.value === 'txt');
  const byAffix = groupBy(txt, affix);
  if (byAffix.size < 2) return [];
  const [convention] = [...byAffix.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  const index = new ScopeIndex(txt);
  const findings: Finding[] = [];
  for (const entry of txt) {
    const key = affix(entry);
    if (key === convention) continue;
    const reported = new Map<string, Match>();
    for (const match of index.all(entry)) {
      const otherKey = affix(match.entry);
      if (otherKey === key || reported.has(otherKey)) continue;
      if (otherKey !== convention && match.entry.index > entry.index) continue;
      reported.set(otherKey, match);
    }
    for (const match of reported.values()) {
      const { instance } = entry;
      const other = match.entry.instance;
      const setting =
        instance.txtPrefix.value !== other.txtPrefix.value
          ? instance.txtPrefix
          : instance.txtSuffix;
      findings.push(
        invariantFinding(
          'externaldns/hidden-ownership-records',
          `ExternalDNS ${where(instance)} writes ownership records with ${affixText(instance)} but ${where(other)}, which can manage ${nameText(match.name)} too, uses ${affixText(other)}: neither sees the other's ownership records. Use the same --txt-prefix and --txt-suffix on instances that share a zone.`,
          settingLocation(setting, instance),
          [relatedLocation(other.location, affixText(other))],
          { clusters: clustersOf(instance, other), name: match.name },
        ),
      );
    }
  }
  return findings;
}

/**
 * Finds instances whose scopes may intersect without comparing every pair: an instance
 * with domain filters can only meet instances whose filters are equal to, above or
 * below one of its own, or that have no plain filter (every name, or a regex).
 */
class ScopeIndex {
  readonly #entries: readonly Entry[];
  readonly #wide: Entry[] = [];
  readonly #exact = new Map<string, Entry[]>();
  readonly #below = new Map<string, Entry[]>();

  constructor(entries: readonly Entry[]) {
    this.#entries = entries;
    for (const entry of entries) {
      const { domains, regexSource } = entry.scope;
      if (domains.length === 0 || regexSource !== undefined) {
        this.#wide.push(entry);
        continue;
      }
      for (const domain of new Set(domains)) {
        addTo(this.#exact, domain, entry);
        for (const ancestor of ancestors(domain)) addTo(this.#below, ancestor, entry);
      }
    }
  }

  /** The earliest entry before `entry` whose scope meets it. */
  firstEarlier(entry: Entry): Match | undefined {
    return this.first(entry, entry.index);
  }

  /** Every entry other than `entry` whose scope meets it, in index order. */
  all(entry: Entry): Match[] {
    const { domains, regexSource } = entry.scope;
    let candidates: readonly Entry[] = this.#entries;
    if (domains.length > 0 && regexSource === undefined) {
      const narrow = new Set<Entry>(this.#wide);
      for (const domain of domains) {
        for (const name of [domain, ...ancestors(domain)])
          for (const other of this.#exact.get(name) ?? []) narrow.add(other);
        for (const other of this.#below.get(domain) ?? []) narrow.add(other);
      }
      candidates = [...narrow].sort((a, b) => a.index - b.index);
    }
    const matches: Match[] = [];
    for (const other of candidates) {
      if (other === entry) continue;
      const name = sharedName(entry.scope, other.scope);
      if (name !== undefined) matches.push({ entry: other, name });
    }
    return matches;
  }

  /** The earliest entry other than `entry` (and before `before`) whose scope meets it. */
  first(entry: Entry, before = Number.POSITIVE_INFINITY): Match | undefined {
    const { domains, regexSource } = entry.scope;
    if (domains.length === 0 || regexSource !== undefined)
      return scan(this.#entries, entry, before);
    const narrow = new Set<Entry>();
    for (const domain of domains) {
      for (const name of [domain, ...ancestors(domain)])
        for (const other of this.#exact.get(name) ?? []) narrow.add(other);
      for (const other of this.#below.get(domain) ?? []) narrow.add(other);
    }
    const sorted = [...narrow].sort((a, b) => a.index - b.index);
    const wide = scan(this.#wide, entry, before);
    const found = scan(sorted, entry, wide?.entry.index ?? before);
    return found ?? wide;
  }
}

interface Match {
  entry: Entry;
  name: string;
}

/** The first entry of `sorted` (ordered by index, stopping at `before`) that meets `entry`. */
function scan(sorted: readonly Entry[], entry: Entry, before: number): Match | undefined {
  for (const other of sorted) {
    if (other.index >= before) return undefined;
    if (other === entry) continue;
    const name = sharedName(entry.scope, other.scope);
    if (name !== undefined) return { entry: other, name };
  }
  return undefined;
}

/** `a.b.example.com` → `b.example.com`, `example.com`, `com`. */
function ancestors(domain: string): string[] {
  const parts = domain.split('.');
  return parts.slice(1).map((_, i) => parts.slice(i + 1).join('.'));
}

function affix(entry: Entry): string {
  return JSON.stringify([entry.instance.txtPrefix.value, entry.instance.txtSuffix.value]);
}

function affixText(instance: ExternalDnsInstance): string {
  const prefix = instance.txtPrefix.value ? `prefix "${instance.txtPrefix.value}"` : 'no prefix';
  const suffix = instance.txtSuffix.value ? `suffix "${instance.txtSuffix.value}"` : 'no suffix';
  return `${prefix} and ${suffix}`;
}

function where(instance: ExternalDnsInstance): string {
  return instance.cluster ? `${instance.name} (cluster ${instance.cluster})` : instance.name;
}

function nameText(name: string): string {
  return name === '*' ? 'every name (no domain filter)' : name;
}

function settingLocation(setting: Setting<string>, instance: ExternalDnsInstance): Location {
  return setting.explicit ? setting.location : instance.location;
}

function clustersOf(...instances: ExternalDnsInstance[]): string[] {
  return [
    ...new Set(instances.flatMap((instance) => (instance.cluster ? [instance.cluster] : []))),
  ];
}
