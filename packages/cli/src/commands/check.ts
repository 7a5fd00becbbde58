import { resolve } from 'node:path';
import {
  checkReport,
  runCheck,
  SchemaSourceError,
  type ValidationOverrides,
} from '@fleetops/check';
import { hasErrors } from '@fleetops/core';
import { SchemaLocationError } from '@fleetops/schemas';
import { Command, Option } from 'commander';
import { type CliIo, ExitCode, UsageError } from '../io.ts';
import { formatHelp, parseFormat, writeReport } from '../report-output.ts';
import { resolveRoot, withConfig } from '../workspace.ts';

interface CheckFlags {
  format: ReturnType<typeof parseFormat>;
  output?: string;
  schemaLocation: string[];
  crd: string[];
  openapi?: string;
  kubernetesVersion?: string;
  strict?: boolean;
  offline?: boolean;
  cache?: string;
  requireSchemas?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const versionPattern = /^(master|\d+\.\d+\.\d+)$/;

export function checkCommand(io: CliIo): Command {
  return new Command('check')
    .summary('run every offline check on a fleet repository')
    .description(
      "Loads the repository once (every YAML and JSON file, .fleetops.yaml), builds the fleet model and reports every finding.\nThe schema options override .fleetops.yaml's validation settings; schemas are validated only when a schema source is known (--schema-location, --crd, --openapi or their settings), otherwise a validate/schemas-off note says so. A resource whose schema cannot be had is a validate/not-validated warning (an error with --require-schemas).\nExit status: 0 no error findings, 1 error findings, 2 usage or configuration error.",
    )
    .argument('[path]', 'root of the fleet repository', '.')
    .addOption(
      new Option('-f, --format <format>', formatHelp).default('text').argParser(parseFormat),
    )
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option(
      '--schema-location <location>',
      'schema location, as kubeconform -schema-location (repeatable; replaces .fleetops.yaml schemaLocations)',
      collect,
      [],
    )
    .option(
      '--crd <path>',
      'CRD file or folder whose schemas serve their kinds before any location, offline (repeatable; replaces .fleetops.yaml crds)',
      collect,
      [],
    )
    .option(
      '--openapi <file>',
      'Kubernetes OpenAPI v2 document (kubectl get --raw /openapi/v2) serving its kinds offline (replaces .fleetops.yaml openapi)',
    )
    .option('--kubernetes-version <version>', 'Kubernetes version of the schemas, e.g. 1.31.0')
    .option('--strict', 'disallow additional properties not in the schema')
    .option('--offline', 'no network: remote schemas only from the cache')
    .option('--cache <dir>', 'cache folder of schemas fetched over HTTP')
    .option('--require-schemas', 'a resource without a schema is an error')
    .action(async (path: string, options: CheckFlags) => {
      const root = await resolveRoot(io.cwd, path);
      const validation = overrides(io, options);
      const result = await withConfig(() => runCheck({ root, validation })).catch(
        (error: unknown) => {
          if (error instanceof SchemaLocationError) throw new UsageError(error.message);
          if (error instanceof SchemaSourceError)
            throw new UsageError(
              error.setting === 'crds'
                ? `--crd: ${error.message}`
                : `--openapi ${options.openapi}: ${error.message}`,
            );
          throw error;
        },
      );
      await writeReport(io, checkReport(result), options.format, options.output);
      io.exitCode = hasErrors(result.findings) ? ExitCode.findings : ExitCode.ok;
    });
}

/** The schema options given, as overrides of `.fleetops.yaml`'s `validation:`. */
function overrides(io: CliIo, options: CheckFlags): ValidationOverrides {
  const version = options.kubernetesVersion;
  if (version !== undefined && !versionPattern.test(version))
    throw new UsageError(
      `--kubernetes-version ${version}: not a valid version; use "master" or a full version x.y.z (e.g. "1.27.2")`,
    );
  return {
    ...(options.schemaLocation.length > 0 ? { schemaLocations: options.schemaLocation } : {}),
    ...(options.crd.length > 0 ? { crds: options.crd.map((path) => resolve(io.cwd, path)) } : {}),
    ...(options.openapi !== undefined ? { openapi: resolve(io.cwd, options.openapi) } : {}),
    ...(version !== undefined ? { kubernetesVersion: version } : {}),
    ...(options.strict ? { strict: true } : {}),
    ...(options.offline ? { offline: true } : {}),
    ...(options.cache !== undefined ? { cacheDirectory: resolve(io.cwd, options.cache) } : {}),
    ...(options.requireSchemas ? { requireSchemas: true } : {}),
  };
}
