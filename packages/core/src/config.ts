import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from './config.schema.json' with { type: 'json' };
import { defaultInclude, defaultMaxFileSize } from './discovery.ts';
import { parseSource } from './document.ts';
import type { Location } from './finding.ts';
import { PositionIndex } from './position.ts';
import { decodeUtf8 } from './text.ts';

export const configFileName = '.fleetops.yaml';

/** The repository's settings, every default filled in. */
export interface FleetConfig {
  stages: string[];
  stageLabels: string[];
  clusters: { directories: string[] };
  include: string[];
  exclude: string[];
  maxFileSize: number;
  /** Joined networks; absent means every pair of clusters counts as joined. */
  networks?: { groups: Array<{ name: string; clusters: string[] }> };
  /** How Argo CD names this repository, for ApplicationSet git generators. */
  repository?: { urls?: string[] };
  /** Schema validation in `fleetops check`; see config.schema.json. */
  validation?: {
    schemaLocations?: string[];
    /** CRD files or folders, relative to the root, serving their kinds before any location. */
    crds?: string[];
    /** A Kubernetes OpenAPI v2 document (JSON), relative to the root, serving its kinds. */
    openapi?: string;
    kubernetesVersion?: string;
    strict?: boolean;
    offline?: boolean;
    cacheDirectory?: string;
    requireSchemas?: boolean;
    disabledRules?: string[];
  };
  /** The file the settings came from, relative to the root; absent when defaults apply. */
  source?: string;
}

export const defaultConfig: FleetConfig = {
  stages: ['dev', 'staging', 'production'],
  stageLabels: ['stage', 'environment'],
  clusters: { directories: ['clusters/*'] },
  include: [...defaultInclude],
  exclude: [],
  maxFileSize: defaultMaxFileSize,
};

/** A configuration file that cannot be used; the CLI exits 2 on it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly location: Location,
  ) {
    super(message);
  }
}

/**
 * Compiled on first use, not at load: compiling takes some 50 ms, which every process and
 * every worker thread loading this module would pay, with or without a `.fleetops.yaml`.
 */
let compiledConfigSchema: ValidateFunction | undefined;

function validateConfig(value: unknown): ErrorObject | undefined {
  compiledConfigSchema ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  return compiledConfigSchema(value) ? undefined : compiledConfigSchema.errors![0]!;
}

/** Reads `.fleetops.yaml` under `root`, or returns the defaults when there is none. */
export async function loadConfig(root: string): Promise<FleetConfig> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(root, configFileName));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(defaultConfig);
    throw new ConfigError(`cannot read ${configFileName}: ${(error as Error).message}`, {
      file: configFileName,
    });
  }
  return parseConfig(bytes, configFileName);
}

export function parseConfig(bytes: Uint8Array, file: string): FleetConfig {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok)
    throw new ConfigError(decoded.message, { file, line: decoded.line, column: decoded.column });
  const parsed = parseSource(decoded.text, 'yaml');
  const problem = parsed.problems[0];
  if (problem)
    throw new ConfigError(problem.message, { file, line: problem.line, column: problem.column });
  const value = parsed.documents[0]?.value ?? {};
  const error = validateConfig(value);
  if (error) {
    const location = new PositionIndex(1).locate(file, decoded.text, 'yaml', 0, errorPath(error), {
      key: error.keyword === 'additionalProperties',
    });
    throw new ConfigError(describeError(error), location);
  }
  return { ...structuredClone(defaultConfig), ...(value as Partial<FleetConfig>), source: file };
}

function errorPath(error: ErrorObject): (string | number)[] {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  return path;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath
    ? error.instancePath.slice(1).replace(/\//g, '.')
    : 'the configuration';
  if (error.keyword === 'additionalProperties') {
    const known = Object.keys(propertiesAt(error.schemaPath)).join(', ');
    return `unknown key "${error.params.additionalProperty}" in ${where}; known keys: ${known}`;
  }
  return `${where} ${error.message}`;
}

function propertiesAt(schemaPath: string): Record<string, unknown> {
  // schemaPath is like "#/additionalProperties" or "#/properties/clusters/additionalProperties".
  let node: unknown = schema;
  for (const part of schemaPath.split('/').slice(1, -1))
    node = (node as Record<string, unknown>)[part];
  return ((node as { properties?: Record<string, unknown> }).properties ?? {}) as Record<
    string,
    unknown
  >;
}
