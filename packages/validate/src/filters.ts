/**
 * kubeconform's -skip and -reject lists, and the forms fleetops adds:
 * - `Kind` and `apiVersion/Kind` (kubeconform: `ReplicationController`, `apps/v1/Deployment`);
 * - `group/*` and `group/version/*` (`cluster.x-k8s.io/*`, `v1/*`), with `*` as a wildcard
 *   in the group (`*.cluster.x-k8s.io/*`);
 * - `Kind/name` and `Kind/namespace/name`, with `*` as a wildcard in the names. A Kind starts
 *   with a capital letter and an apiVersion never does, which tells the two forms apart.
 */
export interface FilterTarget {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
}

type Matcher = (target: FilterTarget) => boolean;

export class KindFilter {
  readonly entries: readonly string[];
  readonly #matchers: Matcher[];

  constructor(entries: Iterable<string>) {
    this.entries = [...entries];
    this.#matchers = this.entries.map(matcher);
  }

  /** kubeconform's comma-separated flag value: entries trimmed, empty ones dropped. */
  static parse(lists: readonly string[]): KindFilter {
    return new KindFilter(
      lists.flatMap((list) => list.split(',').map((entry) => entry.trim())).filter(Boolean),
    );
  }

  get empty(): boolean {
    return this.entries.length === 0;
  }

  matches(target: FilterTarget): boolean {
    return this.#matchers.some((match) => match(target));
  }
}

function matcher(entry: string): Matcher {
  if (!entry.includes('/')) return (target) => target.kind === entry;
  if (/^[A-Z]/.test(entry)) {
    const [kind, ...rest] = entry.split('/');
    const name = glob(rest.at(-1)!);
    const namespace = rest.length > 1 ? glob(rest[0]!) : undefined;
    return (target) =>
      target.kind === kind &&
      name.test(target.name) &&
      (namespace === undefined || namespace.test(target.namespace));
  }
  if (entry.endsWith('/*')) {
    const prefix = glob(entry.slice(0, -2));
    return (target) => {
      const slash = target.apiVersion.lastIndexOf('/');
      const group = slash === -1 ? '' : target.apiVersion.slice(0, slash);
      return prefix.test(target.apiVersion) || (group !== '' && prefix.test(group));
    };
  }
  return (target) => `${target.apiVersion}/${target.kind}` === entry;
}

function glob(pattern: string): RegExp {
  const source = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${source.join('[^/]*')}$`);
}
