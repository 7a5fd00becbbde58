import {
  deferLocation,
  getPath,
  isObject,
  type JsonPath,
  type Location,
  PositionIndex,
  parseSource,
  type Repository,
  type Resource,
} from '@fleetops/core';

/**
 * A Helm chart installed by an Argo CD Application, with the values Argo CD hands to
 * Helm merged the way it merges them: `helm.values` (a YAML string) under
 * `helm.valuesObject` under `helm.parameters`. Value files in the chart's repository are
 * not read: they are not in this repository.
 * https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
 */
export interface ChartInstall {
  application: Resource;
  chart: string;
  repoURL: string;
  /** Where the source sits in the Application: ['spec', 'source'] or ['spec', 'sources', i]. */
  sourcePath: JsonPath;
  values: Record<string, unknown>;
  /** Where a value is written; the source's `helm` (or the source) when nobody sets it. */
  locate(path: JsonPath): Location;
  /** True when the Application sets `path` itself (the chart default does not count). */
  sets(path: JsonPath): boolean;
}

interface Layer {
  values: Record<string, unknown>;
  locate(path: JsonPath): Location;
}

export function isArgoCdApplication(resource: Resource): boolean {
  return resource.group === 'argoproj.io' && resource.kind === 'Application';
}

/** Every chart source of an Application whose chart name `matches`. */
export function chartInstalls(
  repository: Repository,
  application: Resource,
  matches: (chart: string, repoURL: string) => boolean,
): ChartInstall[] {
  const installs: ChartInstall[] = [];
  for (const { sourcePath, chart, repoURL } of chartSources(application))
    if (matches(chart, repoURL))
      installs.push(chartInstall(repository, application, sourcePath, chart, repoURL));
  return installs;
}

interface ChartSource {
  sourcePath: JsonPath;
  chart: string;
  repoURL: string;
}

/**
 * Each Application's chart sources, read on the first question: the ExternalDNS reader
 * and the mesh reader (Cilium and istiod in one pass) both ask of every Application. Loaded resources are never changed, so
 * the answer holds as long as the Application does.
 */
const chartSourcesRead = new WeakMap<Resource, ChartSource[]>();

function chartSources(application: Resource): ChartSource[] {
  let found = chartSourcesRead.get(application);
  if (found) return found;
  found = [];
  const spec = application.object.spec;
  const sources = isObject(spec) ? spec.sources : undefined;
  if (Array.isArray(sources)) {
    for (let i = 0; i < sources.length; i++)
      addChartSource(found, sources[i], ['spec', 'sources', i]);
  } else {
    addChartSource(found, isObject(spec) ? spec.source : undefined, singleSourcePath);
  }
  chartSourcesRead.set(application, found);
  return found;
}

// The place of every single-source Application's source: shared, as it is only read.
const singleSourcePath: JsonPath = ['spec', 'source'];

function addChartSource(found: ChartSource[], source: unknown, sourcePath: JsonPath): void {
  if (!isObject(source)) return;
  const repoURL = typeof source.repoURL === 'string' ? source.repoURL : '';
  const chart = chartName(source);
  if (chart !== undefined) found.push({ sourcePath, chart, repoURL });
}

/** `chart` for a Helm repository source; the last directory of `path` for a Git one. */
function chartName(source: Record<string, unknown>): string | undefined {
  if (typeof source.chart === 'string') return source.chart;
  if (typeof source.path === 'string' && isObject(source.helm))
    return source.path.replace(/\/+$/, '').split('/').pop();
  return undefined;
}

function chartInstall(
  repository: Repository,
  application: Resource,
  sourcePath: JsonPath,
  chart: string,
  repoURL: string,
): ChartInstall {
  const helmPath = [...sourcePath, 'helm'];
  const helm = getPath(application.object, helmPath);
  // Lowest precedence first.
  const layers: Layer[] = [];
  if (isObject(helm)) {
    const text = helm.values;
    if (typeof text === 'string') {
      const layer = valuesStringLayer(repository, application, [...helmPath, 'values'], text);
      if (layer) layers.push(layer);
    } else if (isObject(text)) {
      // Argo CD also accepts a mapping under `values`.
      layers.push(objectLayer(repository, application, [...helmPath, 'values'], text));
    }
    if (isObject(helm.valuesObject))
      layers.push(
        objectLayer(repository, application, [...helmPath, 'valuesObject'], helm.valuesObject),
      );
    if (Array.isArray(helm.parameters))
      layers.push(parametersLayer(repository, application, [...helmPath, 'parameters'], helm));
  }
  const fallbackPath = isObject(helm) ? helmPath : sourcePath;
  return new HelmInstall(repository, application, chart, repoURL, sourcePath, layers, fallbackPath);
}

/** One class for every install: its place lookups are methods, not closures per install. */
class HelmInstall implements ChartInstall {
  readonly values: Record<string, unknown>;
  readonly #repository: Repository;
  readonly #layers: readonly Layer[];
  readonly #fallbackPath: JsonPath;
  #fallback: Location | undefined;

  constructor(
    repository: Repository,
    readonly application: Resource,
    readonly chart: string,
    readonly repoURL: string,
    readonly sourcePath: JsonPath,
    layers: readonly Layer[],
    fallbackPath: JsonPath,
  ) {
    this.#repository = repository;
    this.#layers = layers;
    this.#fallbackPath = fallbackPath;
    this.values = mergedValues(layers);
  }

  locate(path: JsonPath): Location {
    const owner = this.#owner(path);
    if (owner) return owner.locate(path);
    if (this.#fallback === undefined)
      this.#fallback = this.#repository.locate(this.application, this.#fallbackPath);
    return this.#fallback;
  }

  sets(path: JsonPath): boolean {
    return this.#owner(path) !== undefined;
  }

  /** The highest layer that sets `path`. */
  #owner(path: JsonPath): Layer | undefined {
    for (let i = this.#layers.length - 1; i >= 0; i--)
      if (getPath(this.#layers[i]!.values, path) !== undefined) return this.#layers[i];
    return undefined;
  }
}

/**
 * The layers merged, lowest first. A single layer, the usual case, is the merge already:
 * its values are used as they are, since nothing writes to an install's values, and a
 * deep copy of every chart's values would only make garbage. (A `__proto__` key would
 * set the copy's prototype in mergeInto: such values take the long way, as before.)
 */
function mergedValues(layers: readonly Layer[]): Record<string, unknown> {
  const only = layers.length === 1 ? layers[0]!.values : undefined;
  if (only && !Object.hasOwn(only, '__proto__')) return only;
  const values: Record<string, unknown> = {};
  for (const layer of layers) mergeInto(values, layer.values);
  return values;
}

function objectLayer(
  repository: Repository,
  application: Resource,
  at: JsonPath,
  values: Record<string, unknown>,
): Layer {
  return { values, locate: (path) => repository.locate(application, [...at, ...path]) };
}

const innerPositions = new PositionIndex(16);

/**
 * `helm.values` is YAML inside a YAML string. A literal block scalar (`|`) keeps its lines,
 * so a position inside it maps to the file by adding the block's first line and indent;
 * any other string style points at the string as a whole.
 */
function valuesStringLayer(
  repository: Repository,
  application: Resource,
  at: JsonPath,
  text: string,
): Layer | undefined {
  const parsed = parseSource(text, 'yaml');
  const value = parsed.documents[0]?.value;
  if (parsed.problems.length > 0 || !isObject(value)) return undefined;
  const whole = repository.locate(application, at);
  const file = repository.files.get(application.file);
  // Found on the first position asked for: reading whole.line parses the file's tree.
  let block: { firstLine: number; indent: number } | undefined | null = null;
  const blockOf = () => {
    if (block === null)
      block = file && whole.line !== undefined ? literalBlock(file.text, whole.line) : undefined;
    return block;
  };
  return {
    values: value,
    locate: (path) =>
      deferLocation(whole.file, () => {
        const literal = blockOf();
        if (!literal) return whole;
        const inner = innerPositions.locate('values', text, 'yaml', 0, path);
        if (inner.line === undefined || inner.column === undefined) return whole;
        const location: Location = {
          file: whole.file,
          line: literal.firstLine + inner.line - 1,
          column: literal.indent + inner.column,
        };
        if (inner.endLine !== undefined && inner.endColumn !== undefined) {
          location.endLine = literal.firstLine + inner.endLine - 1;
          location.endColumn = literal.indent + inner.endColumn;
        }
        return location;
      }),
  };
}

/** First content line and indentation of a `|` block scalar whose indicator is on `line`. */
function literalBlock(
  text: string,
  line: number,
): { firstLine: number; indent: number } | undefined {
  const lines = text.split('\n');
  const header = lines[line - 1];
  if (header === undefined || !/(^|[\s:])\|[-+]?\s*(#.*)?$/.test(header)) return undefined;
  for (let i = line; i < lines.length; i++) {
    const content = lines[i]!;
    if (content.trim() === '') continue;
    return { firstLine: line + 1, indent: content.length - content.trimStart().length };
  }
  return undefined;
}

/**
 * `parameters: [{name: a.b[0], value: x}]` as Helm's `--set` reads them: dots nest,
 * `[n]` indexes, `\.` is a literal dot. Values stay strings unless forceString is unset
 * and they read as booleans or integers, as `--set` does.
 */
function parametersLayer(
  repository: Repository,
  application: Resource,
  at: JsonPath,
  helm: Record<string, unknown>,
): Layer {
  const values: Record<string, unknown> = {};
  const where = new Map<string, JsonPath>();
  for (const [i, parameter] of (helm.parameters as unknown[]).entries()) {
    if (!isObject(parameter) || typeof parameter.name !== 'string') continue;
    const path = parameterPath(parameter.name);
    if (path.length === 0) continue;
    const raw = parameter.value;
    const value =
      typeof raw === 'string' && parameter.forceString !== true ? setValue(raw) : (raw ?? '');
    setPath(values, path, value);
    where.set(JSON.stringify(path), [...at, i, 'value']);
  }
  return {
    values,
    locate: (path) => {
      for (let length = path.length; length > 0; length--) {
        const found = where.get(JSON.stringify(path.slice(0, length)));
        if (found) return repository.locate(application, found);
      }
      // A parameter below `path` (path is a list or map built from several).
      for (const [key, found] of where)
        if (key.startsWith(JSON.stringify(path).slice(0, -1)))
          return repository.locate(application, found);
      return repository.locate(application, at);
    },
  };
}

export function parameterPath(name: string): (string | number)[] {
  const path: (string | number)[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const char = name[i]!;
    if (char === '\\' && i + 1 < name.length) {
      current += name[++i];
    } else if (char === '.') {
      if (current) path.push(current);
      current = '';
    } else if (char === '[') {
      const close = name.indexOf(']', i);
      if (current) path.push(current);
      current = '';
      const index = Number(name.slice(i + 1, close));
      if (close === -1 || !Number.isInteger(index)) return [];
      path.push(index);
      i = close;
    } else {
      current += char;
    }
  }
  if (current) path.push(current);
  return path;
}

function setValue(text: string): unknown {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(0|[1-9]\d*)$/.test(text)) return Number(text);
  return text;
}

function setPath(target: Record<string, unknown>, path: (string | number)[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  for (const [i, segment] of path.entries()) {
    const last = i === path.length - 1;
    const next = path[i + 1];
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[segment] = value;
      return;
    }
    const child = container[segment];
    const fits = typeof next === 'number' ? Array.isArray(child) : isObject(child);
    if (!fits) container[segment] = typeof next === 'number' ? [] : {};
    node = container[segment] as Record<string, unknown> | unknown[];
  }
}

/** Helm's coalescing: maps merge key by key, anything else (lists too) is replaced. */
function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (isObject(existing) && isObject(value)) mergeInto(existing, value);
    else target[key] = isObject(value) ? structuredClone(value) : value;
  }
}
