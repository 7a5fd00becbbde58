import {
  describeResource,
  getPath,
  isObject,
  type JsonPath,
  type Location,
  type Repository,
  type Resource,
  resourcesOfKind,
} from '@fleetops/core';
import { type ChartInstall, chartInstalls, isArgoCdApplication } from './chart-values.ts';
import type { Fleet } from './model.ts';
import { Placement } from './placement.ts';

/** A setting of an instance and where it is written (or, for a default, where it would be). */
export interface Setting<T> {
  value: T;
  location: Location;
  /** False when the binary's or the chart's default applies. */
  explicit: boolean;
}

export type ExternalDnsOrigin = 'workload' | 'kubernetes-sigs chart' | 'bitnami chart';

/** One running ExternalDNS, with the settings that decide which records it may change. */
export interface ExternalDnsInstance {
  /** `Deployment/ns/name` or `Application/ns/name`, for messages. */
  name: string;
  cluster?: string;
  resource: Resource;
  origin: ExternalDnsOrigin;
  location: Location;
  provider?: Setting<string>;
  registry: Setting<string>;
  ownerId: Setting<string>;
  policy: Setting<string>;
  txtPrefix: Setting<string>;
  txtSuffix: Setting<string>;
  domainFilters: Setting<string>[];
  excludeDomains: Setting<string>[];
  regexDomainFilter?: Setting<string>;
  zoneIdFilters: Setting<string>[];
  awsZoneType?: Setting<string>;
}

/** A command-line argument with the place it is written. */
interface Arg {
  text: string;
  location: Location;
}

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Defaults of the external-dns binary (its flags) and of the two charts' values. */
const binaryDefaults = { registry: 'txt', policy: 'sync', ownerId: 'default' };
const chartPolicyDefault = 'upsert-only';
const chartProviderDefault = 'aws';

export function externalDnsInstances(
  repository: Repository,
  fleet: Fleet,
  placement = new Placement(fleet),
): ExternalDnsInstance[] {
  const instances: ExternalDnsInstance[] = [];
  const candidates = resourcesOfKind(repository.resources, ...workloadKinds, 'Application');
  for (const resource of candidates) {
    if (resource.group === 'apps' && workloadKinds.has(resource.kind)) {
      instances.push(...workloadInstances(repository, resource, placement));
    } else if (isArgoCdApplication(resource)) {
      for (const install of chartInstalls(repository, resource, isExternalDnsChart))
        instances.push(chartInstance(repository, install, placement));
    }
  }
  return instances;
}

function isExternalDnsChart(chart: string): boolean {
  return chart === 'external-dns';
}

function workloadInstances(
  repository: Repository,
  resource: Resource,
  placement: Placement,
): ExternalDnsInstance[] {
  const containersPath = ['spec', 'template', 'spec', 'containers'];
  const containers = getPath(resource.object, containersPath);
  if (!Array.isArray(containers)) return [];
  const instances: ExternalDnsInstance[] = [];
  for (const [i, container] of containers.entries()) {
    if (!isObject(container) || !isExternalDnsImage(container.image)) continue;
    const at = [...containersPath, i];
    const args: Arg[] = [];
    for (const field of ['command', 'args']) {
      const list = container[field];
      if (!Array.isArray(list)) continue;
      for (const [j, text] of list.entries())
        if (typeof text === 'string')
          args.push({ text, location: repository.locate(resource, [...at, field, j]) });
    }
    const env = envArgs(repository, resource, at, container.env);
    instances.push(
      instanceFromArgs({
        resource,
        cluster: placement.clusterOf(resource),
        origin: 'workload',
        location: repository.locate(resource, at),
        // Flags win over environment variables, so they are read last.
        args: [...env, ...args],
      }),
    );
  }
  return instances;
}

function isExternalDnsImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const name = image.split('@')[0]!.replace(/:[^/]*$/, '');
  return name.split('/').pop() === 'external-dns';
}

/**
 * external-dns reads every flag from `EXTERNAL_DNS_<FLAG>` too (kingpin's DefaultEnvars);
 * a repeatable flag takes one value per line.
 */
function envArgs(repository: Repository, resource: Resource, at: JsonPath, env: unknown): Arg[] {
  if (!Array.isArray(env)) return [];
  const args: Arg[] = [];
  for (const [j, variable] of env.entries()) {
    if (!isObject(variable) || typeof variable.name !== 'string') continue;
    if (!variable.name.startsWith('EXTERNAL_DNS_') || typeof variable.value !== 'string') continue;
    const flag = variable.name.slice('EXTERNAL_DNS_'.length).toLowerCase().replaceAll('_', '-');
    const location = repository.locate(resource, [...at, 'env', j, 'value']);
    for (const value of variable.value.split(/\r?\n/))
      if (value !== '') args.push({ text: `--${flag}=${value}`, location });
  }
  return args;
}

/**
 * The charts turn values into the same flags, so a chart install becomes a list of
 * arguments and goes through the one flag reader. The kubernetes-sigs chart takes
 * `provider` or `provider.name`; `extraArgs` is a list of flags or a map of flag → value
 * (a list value repeats the flag) in both charts.
 */
function chartInstance(
  repository: Repository,
  install: ChartInstall,
  placement: Placement,
): ExternalDnsInstance {
  const { values } = install;
  const bitnami = /bitnami/i.test(install.repoURL);
  const args: Arg[] = [];
  const add = (flag: string, path: JsonPath) => {
    const value = getPath(values, path);
    const list = Array.isArray(value) ? value : [value];
    for (const [i, item] of list.entries()) {
      if (item === undefined || item === null || item === '' || isObject(item)) continue;
      const where = Array.isArray(value) ? [...path, i] : path;
      args.push({ text: `--${flag}=${String(item)}`, location: install.locate(where) });
    }
  };
  const provider = getPath(values, ['provider']);
  add('provider', isObject(provider) ? ['provider', 'name'] : ['provider']);
  add('registry', ['registry']);
  add('policy', ['policy']);
  add('txt-owner-id', ['txtOwnerId']);
  add('txt-prefix', ['txtPrefix']);
  add('txt-suffix', ['txtSuffix']);
  add('domain-filter', ['domainFilters']);
  add('exclude-domains', ['excludeDomains']);
  add('regex-domain-filter', ['regexDomainFilter']);
  add('zone-id-filter', ['zoneIdFilters']);
  add('aws-zone-type', ['aws', 'zoneType']);
  const extra = getPath(values, ['extraArgs']);
  if (Array.isArray(extra)) {
    for (const [i, text] of extra.entries())
      if (typeof text === 'string') args.push({ text, location: install.locate(['extraArgs', i]) });
  } else if (isObject(extra)) {
    for (const flag of Object.keys(extra)) add(flag.replace(/^--/, ''), ['extraArgs', flag]);
  }
  const instance = instanceFromArgs({
    resource: install.application,
    cluster: placement.clusterOf(install.application),
    origin: bitnami ? 'bitnami chart' : 'kubernetes-sigs chart',
    location: repository.locate(install.application, install.sourcePath),
    args,
  });
  // The charts write a policy and a provider when the values leave them out.
  if (!instance.policy.explicit) instance.policy.value = chartPolicyDefault;
  if (!instance.provider)
    instance.provider = {
      value: chartProviderDefault,
      location: instance.location,
      explicit: false,
    };
  return instance;
}

interface Source {
  resource: Resource;
  cluster: string | undefined;
  origin: ExternalDnsOrigin;
  location: Location;
  args: Arg[];
}

const singleFlags = {
  provider: 'provider',
  registry: 'registry',
  'txt-owner-id': 'ownerId',
  policy: 'policy',
  'txt-prefix': 'txtPrefix',
  'txt-suffix': 'txtSuffix',
  'regex-domain-filter': 'regexDomainFilter',
  'aws-zone-type': 'awsZoneType',
} as const;

const listFlags = {
  'domain-filter': 'domainFilters',
  'exclude-domains': 'excludeDomains',
  'zone-id-filter': 'zoneIdFilters',
} as const;

/** Reads `--flag=value` and `--flag value`; a later single-valued flag wins, lists add up. */
function instanceFromArgs(source: Source): ExternalDnsInstance {
  const implicit = (value: string): Setting<string> => ({
    value,
    location: source.location,
    explicit: false,
  });
  const instance: ExternalDnsInstance = {
    name: describeResource(source.resource),
    resource: source.resource,
    origin: source.origin,
    location: source.location,
    registry: implicit(binaryDefaults.registry),
    ownerId: implicit(binaryDefaults.ownerId),
    policy: implicit(binaryDefaults.policy),
    txtPrefix: implicit(''),
    txtSuffix: implicit(''),
    domainFilters: [],
    excludeDomains: [],
    zoneIdFilters: [],
  };
  if (source.cluster !== undefined) instance.cluster = source.cluster;
  const { args } = source;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z0-9-]+)(?:=(.*))?$/s.exec(arg.text.trim());
    if (!match) continue;
    const flag = match[1]!;
    if (!(flag in singleFlags) && !(flag in listFlags)) continue;
    let value = match[2];
    if (value === undefined) {
      const next = args[i + 1];
      if (!next || next.text.startsWith('--')) continue;
      value = next.text;
      i++;
    }
    const setting: Setting<string> = { value, location: arg.location, explicit: true };
    if (flag in singleFlags) instance[singleFlags[flag as keyof typeof singleFlags]] = setting;
    else if (value !== '') instance[listFlags[flag as keyof typeof listFlags]].push(setting);
  }
  return instance;
}
