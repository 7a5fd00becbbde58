import type { ExternalDnsInstance } from './externaldns.ts';
import type { Setting } from './setting.ts';

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
  zoneIds: ReadonlySet<string>;
  zoneType: string;
}

export function scopeOf(instance: ExternalDnsInstance): DnsScope {
  const scope: DnsScope = {
    provider: instance.provider?.value ?? '',
    domains: normalize(instance.domainFilters),
    excludes: normalize(instance.excludeDomains),
    zoneIds:
      instance.zoneIdFilters.length === 0
        ? noZoneIds
        : new Set(
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

/** Most instances filter no zone ids: they share one empty set, which nothing changes. */
const noZoneIds: ReadonlySet<string> = new Set();

/**
 * external-dns splits each filter on commas, trims dots and compares case-insensitively.
 * Written as one loop: it runs for every instance of the fleet.
 */
function normalize(filters: readonly Setting<string>[]): string[] {
  const names: string[] = [];
  for (const filter of filters)
    for (const part of filter.value.split(',')) {
      const name = part
        .trim()
        .toLowerCase()
        .replace(/^\.+|\.+$/g, '');
      if (name !== '') names.push(name);
    }
  return names;
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
  if (a.regexSource !== undefined && b.regexSource !== undefined) return regexesMeet(a, b);
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
  const regex = withRegex.regex;
  const source = withRegex.regexSource ?? '';
  const literals = regexLiterals(source);
  const tail = literalTail(source);
  for (const domain of plain.domains) {
    if (!admits(plain, domain)) continue;
    // The domain itself, a name just below it, and names the regex spells out.
    const candidates = [
      domain,
      `www.${domain}`,
      ...literals.filter((name) => isUnder(name, domain)),
      ...literals.map((name) => `${name}.${domain}`),
    ];
    const witness = candidates.find(
      (name) =>
        admits(plain, name) && admits(withRegex, name) && (regex === undefined || regex.test(name)),
    );
    if (regex !== undefined && witness !== undefined) return witness;
    if (regex === undefined && witness !== undefined)
      return `names under ${domain} matching ${source} (the regex is not readable here: assuming the scopes may intersect)`;
    // Every name the regex admits ends with `tail`; every name here ends with `.domain`.
    if (tail !== undefined && !suffixesMeet(tail, domain)) continue;
    // `^api\.example\.com$` admits that one name, which was tried above.
    if (regex !== undefined && exactName(source) !== undefined) continue;
    if (!admits(withRegex, domain)) continue;
    return `names under ${domain} matching ${source} (the regex could not be decided against this scope: assuming the scopes may intersect)`;
  }
  return undefined;
}

/**
 * Two regex filters: the same text, a name one spells out that both match, anchored
 * literal endings that cannot meet (disjoint), or else assumed to intersect.
 */
function regexesMeet(a: DnsScope, b: DnsScope): string | undefined {
  const sourceA = a.regexSource ?? '';
  const sourceB = b.regexSource ?? '';
  if (sourceA === sourceB) return `names matching ${sourceA}`;
  const tailA = literalTail(sourceA);
  const tailB = literalTail(sourceB);
  if (
    tailA !== undefined &&
    tailB !== undefined &&
    !tailA.endsWith(tailB) &&
    !tailB.endsWith(tailA)
  )
    return undefined;
  const readable = a.regex !== undefined && b.regex !== undefined;
  const witness = [...regexLiterals(sourceA), ...regexLiterals(sourceB)].find(
    (name) =>
      admits(a, name) && admits(b, name) && readable && a.regex!.test(name) && b.regex!.test(name),
  );
  if (witness !== undefined) return witness;
  return `names matching both ${sourceA} and ${sourceB} (the regexes could not be decided against each other: assuming the scopes may intersect)`;
}

/** Whether a name can end both with the string `tail` and with `domain` (or be it). */
function suffixesMeet(tail: string, domain: string): boolean {
  const dotted = `.${domain}`;
  return tail.endsWith(dotted) || tail === domain || dotted.endsWith(tail);
}

/**
 * The literal text every match ends with, for a regex anchored with `$` and no
 * alternation: `(.*)\.example\.io$` → `.example.io`. Undefined when not provable.
 */
export function literalTail(source: string): string | undefined {
  if (source.includes('|') || !source.endsWith('$') || source.endsWith('\\$')) return undefined;
  let tail = '';
  let i = source.length - 2;
  while (i >= 0) {
    const char = source[i]!;
    if (/[a-zA-Z0-9_-]/.test(char)) {
      if (source[i - 1] === '\\') break;
      tail = char + tail;
      i--;
    } else if (char === '.' || char === '-') {
      if (source[i - 1] !== '\\' || source[i - 2] === '\\') break;
      tail = char + tail;
      i -= 2;
    } else break;
  }
  return tail === '' ? undefined : tail.toLowerCase();
}

/** The one name a regex of plain text anchored at both ends admits. */
function exactName(source: string): string | undefined {
  const match = /^\^((?:[a-zA-Z0-9_-]|\\[.-])+)\$$/.exec(source);
  return match ? match[1]!.replace(/\\/g, '').toLowerCase() : undefined;
}

/** Host names spelled out in a regex: `^(api|www)\.example\.com$` → `example.com`, … */
function regexLiterals(source: string): string[] {
  const text = source.replace(/\\\./g, '.');
  const names = text.match(/[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+/g) ?? [];
  return [...new Set(names.map((name) => name.toLowerCase().replace(/^\.+|\.+$/g, '')))].filter(
    (name) => name !== '',
  );
}
