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
import { DeferredSetting, type Setting } from './setting.ts';

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

/**
 * An instance's command-line arguments in the order external-dns reads them, and where
 * each is written: asked only for the arguments a finding points at.
 */
interface Args {
  texts: readonly string[];
  locate(index: number): Location;
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
      addWorkloadInstances(instances, repository, resource, placement);
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

const containersPath = ['spec', 'template', 'spec', 'containers'];

function addWorkloadInstances(
  instances: ExternalDnsInstance[],
  repository: Repository,
  resource: Resource,
  placement: Placement,
): void {
  const containers = getPath(resource.object, containersPath);
  if (!Array.isArray(containers)) return;
  for (let i = 0; i < containers.length; i++) {
    const container: unknown = containers[i];
    if (!isObject(container) || !isExternalDnsImage(container.image)) continue;
    const at = [...containersPath, i];
    instances.push(
      instanceFromArgs({
        resource,
        cluster: placement.clusterOf(resource),
        origin: 'workload',
        location: repository.locate(resource, at),
        args: {
          texts: containerArgs(container),
          locate: (index) =>
            repository.locate(resource, [...at, ...containerArgPath(container, index)]),
        },
      }),
    );
  }
}

/** `registry.k8s.io/external-dns/external-dns:v0.20.0` or `…@sha256:…`: the last path segment, tag and digest off. */
function isExternalDnsImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  const digest = image.indexOf('@');
  let end = digest === -1 ? image.length : digest;
  const start = end === 0 ? 0 : image.lastIndexOf('/', end - 1) + 1;
  const tag = image.indexOf(':', start);
  if (tag !== -1 && tag < end) end = tag;
  return end - start === imageName.length && image.startsWith(imageName, start);
}

const imageName = 'external-dns';

/**
 * A container's arguments: environment variables first, since flags win over them and
 * are read last, then command and args. A container with one list of strings and no
 * environment, the usual one, hands that list over as it is.
 */
function containerArgs(container: Record<string, unknown>): readonly string[] {
  const { command, args, env } = container;
  if (!Array.isArray(env)) {
    if (!Array.isArray(command) && allStrings(args)) return args;
    if (!Array.isArray(args) && allStrings(command)) return command;
  }
  const texts: string[] = [];
  forEachArg(container, (text) => {
    texts.push(text);
    return false;
  });
  return texts;
}

function allStrings(list: unknown): list is string[] {
  return Array.isArray(list) && list.every((item) => typeof item === 'string');
}

/** Where the container's argument `index` (as containerArgs counts) is written, below the container. */
function containerArgPath(container: Record<string, unknown>, index: number): JsonPath {
  let path: JsonPath = [];
  let seen = 0;
  forEachArg(container, (_text, field, j) => {
    if (seen++ !== index) return false;
    path = field === 'env' ? ['env', j, 'value'] : [field, j];
    return true;
  });
  return path;
}

/**
 * Calls `visit` with each argument of a container and the list and index it comes from,
 * until it returns true. external-dns reads every flag from `EXTERNAL_DNS_<FLAG>` too
 * (kingpin's DefaultEnvars); a repeatable flag takes one value per line.
 */
function forEachArg(
  container: Record<string, unknown>,
  visit: (text: string, field: 'env' | 'command' | 'args', index: number) => boolean,
): void {
  const { env } = container;
  if (Array.isArray(env)) {
    for (let j = 0; j < env.length; j++) {
      const variable: unknown = env[j];
      if (!isObject(variable) || typeof variable.name !== 'string') continue;
      if (!variable.name.startsWith('EXTERNAL_DNS_') || typeof variable.value !== 'string')
        continue;
      const flag = variable.name.slice('EXTERNAL_DNS_'.length).toLowerCase().replaceAll('_', '-');
      for (const value of variable.value.split(/\r?\n/))
        if (value !== '' && visit(`--${flag}=${value}`, 'env', j)) return;
    }
  }
  for (const field of ['command', 'args'] as const) {
    const list = container[field];
    if (!Array.isArray(list)) continue;
    for (let j = 0; j < list.length; j++) {
      const text: unknown = list[j];
      if (typeof text === 'string' && visit(text, field, j)) return;
    }
  }
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
  const texts: string[] = [];
  const paths: JsonPath[] = [];
  const add = (flag: string, path: JsonPath) => {
    const value = getPath(values, path);
    const list = Array.isArray(value) ? value : [value];
    for (const [i, item] of list.entries()) {
      if (item === undefined || item === null || item === '' || isObject(item)) continue;
      texts.push(`--${flag}=${String(item)}`);
      paths.push(Array.isArray(value) ? [...path, i] : path);
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
    for (const [i, text] of extra.entries()) {
      if (typeof text !== 'string') continue;
      texts.push(text);
      paths.push(['extraArgs', i]);
    }
  } else if (isObject(extra)) {
    for (const flag of Object.keys(extra)) add(flag.replace(/^--/, ''), ['extraArgs', flag]);
  }
  const instance = instanceFromArgs({
    resource: install.application,
    cluster: placement.clusterOf(install.application),
    origin: bitnami ? 'bitnami chart' : 'kubernetes-sigs chart',
    location: repository.locate(install.application, install.sourcePath),
    args: { texts, locate: (index) => install.locate(paths[index]!) },
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
  args: Args;
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
  const { texts, locate } = source.args;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!.trim();
    const flag = flagName(text);
    if (flag === undefined || (!(flag in singleFlags) && !(flag in listFlags))) continue;
    const at = i;
    let value: string;
    if (text.length > flag.length + 2) {
      value = text.slice(flag.length + 3);
    } else {
      const next = texts[i + 1];
      if (next === undefined || next.startsWith('--')) continue;
      value = next;
      i++;
    }
    const setting = new DeferredSetting(value, true, locate, at);
    if (flag in singleFlags) instance[singleFlags[flag as keyof typeof singleFlags]] = setting;
    else if (value !== '') instance[listFlags[flag as keyof typeof listFlags]].push(setting);
  }
  return instance;
}

/**
 * The flag of `--flag` or `--flag=value` (lowercase letters, digits and dashes), else
 * undefined: read by hand, as this runs for every argument of every instance.
 */
function flagName(text: string): string | undefined {
  if (!text.startsWith('--')) return undefined;
  let end = 2;
  while (end < text.length && isFlagChar(text.charCodeAt(end))) end++;
  if (end === 2 || (end < text.length && text.charCodeAt(end) !== equals)) return undefined;
  return text.slice(2, end);
}

const equals = 0x3d;

function isFlagChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
}
