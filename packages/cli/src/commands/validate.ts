import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Format, hasErrors, isFormat, type Report, render, tool } from '@fleetops/core';
import {
  CrdError,
  DEFAULT_LOCATIONS,
  OpenApiError,
  parseSchemaHeader,
  SchemaHeaderError,
  SchemaLocationError,
  SchemaRegistry,
} from '@fleetops/schemas';
import {
  isKubeconformFormat,
  KindFilter,
  renderKubeconform,
  runFindings,
  runValidation,
  validateRules,
} from '@fleetops/validate';
import { Command, Option } from 'commander';
import { type CliIo, ExitCode } from '../io.ts';

// `fleetops validate` is a drop-in for kubeconform: its flags with one or two dashes, its
// outputs byte for byte, its exit codes (1 for a bad flag too, as Go's flag package). The
// findings formats (--format) and the schema options after kubeconform's are fleetops's own.

interface Flags {
  schemaLocation: string[];
  kubernetesVersion: string;
  strict?: boolean;
  ignoreMissingSchemas?: boolean;
  skip: string;
  reject: string;
  summary?: boolean;
  verbose?: boolean;
  output: string;
  n: string;
  cache?: string;
  ignoreFilenamePattern: string[];
  exitOnError?: boolean;
  insecureSkipTlsVerify?: boolean;
  debug?: boolean;
  help?: boolean;
  v?: boolean;
  format?: string;
  crd: string[];
  openapi?: string;
  offline?: boolean;
  schemaHeader: string[];
  references: boolean;
  disableRule: string[];
}

/** kubeconform's flags as Go's flag package lists them (-h), then fleetops's own. */
const usageFlags: [flag: string, text: string][] = [
  ['-cache string', 'cache schemas downloaded via HTTP to this folder'],
  [
    '-crd value',
    'CustomResourceDefinition file or folder whose schemas serve their kinds (can be specified multiple times)',
  ],
  ['-debug', 'print debug information'],
  [
    '-disable-rule value',
    'rule id left out of the -format findings, e.g. validate/capi-cluster-name (can be specified multiple times)',
  ],
  ['-exit-on-error', 'immediately stop execution when the first error is encountered'],
  [
    '-format string',
    'findings output instead of -output: sarif, github, json, text, junit, markdown',
  ],
  ['-h', 'show help information'],
  [
    '-ignore-filename-pattern value',
    'regular expression specifying paths to ignore (can be specified multiple times)',
  ],
  ['-ignore-missing-schemas', 'skip files with missing schemas instead of failing'],
  [
    '-insecure-skip-tls-verify',
    "disable verification of the server's SSL certificate. This will make your HTTPS connections insecure",
  ],
  [
    '-kubernetes-version value',
    'version of Kubernetes to validate against, e.g.: 1.18.0 (default master)',
  ],
  [
    '-n int',
    'number of threads validating at once (the cores at most) and of schemas loading at once; runs under 32 MB of manifests (8 MB with 4 cores or more) use one thread (default 4)',
  ],
  [
    '-no-references',
    'leave out the -format findings of dangling references (infrastructureRef, Application project...)',
  ],
  ['-offline', 'no network: remote schemas only from the -cache folder'],
  [
    '-openapi string',
    'Kubernetes OpenAPI v2 document (kubectl get --raw /openapi/v2) serving its kinds offline',
  ],
  ['-output string', 'output format - json, junit, pretty, tap, text (default "text")'],
  ['-reject string', 'comma-separated list of kinds or GVKs to reject'],
  [
    '-schema-header value',
    "'Host: Header: value' sent to that schema host; $VAR in braces reads an environment variable (can be specified multiple times)",
  ],
  [
    '-schema-location value',
    'override schemas location search path (can be specified multiple times)',
  ],
  ['-skip string', 'comma-separated list of kinds or GVKs to ignore'],
  ['-strict', 'disallow additional properties not in schema or duplicated keys'],
  ['-summary', 'print a summary at the end (ignored for junit output)'],
  ['-v', 'show version information'],
  ['-verbose', 'print results for all resources (ignored for tap and junit output)'],
];

export function usage(): string {
  let text = 'Usage: fleetops validate [OPTION]... [FILE OR FOLDER]...\n';
  for (const [flag, help] of usageFlags) {
    // Go prints a one-letter boolean flag and its text on one line, others on two.
    text += flag.length <= 2 ? `  ${flag}\t${help}\n` : `  ${flag}\n    \t${help}\n`;
  }
  return text;
}

const booleans = new Set([
  'strict',
  'ignore-missing-schemas',
  'summary',
  'verbose',
  'exit-on-error',
  'insecure-skip-tls-verify',
  'debug',
  'offline',
  'no-references',
]);
const valued = new Set([
  'schema-location',
  'kubernetes-version',
  'skip',
  'reject',
  'output',
  'cache',
  'ignore-filename-pattern',
  'format',
  'crd',
  'openapi',
  'schema-header',
  'disable-rule',
]);

/**
 * Go's flag syntax in commander's: `-summary` → `--summary`, `-strict=false` dropped,
 * `-output=json` → `--output=json`. Arguments after `--` are left alone.
 */
export function normaliseArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const [i, arg] of args.entries()) {
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const match = /^--?([a-z][a-z-]*)(?:=(.*))?$/.exec(arg);
    const name = match?.[1];
    const short = name === 'n' || name === 'h' || name === 'v';
    if (!match || name === undefined || (!booleans.has(name) && !valued.has(name) && !short)) {
      out.push(arg);
      continue;
    }
    const value = match[2];
    if (name === 'n' || name === 'h' || name === 'v') {
      // One-letter flags stay short for commander: `--n=8` → `-n` `8`.
      out.push(`-${name}`, ...(value === undefined ? [] : [value]));
      continue;
    }
    if (booleans.has(name) && value !== undefined) {
      if (/^(1|t|T|TRUE|true|True)$/.test(value)) out.push(`--${name}`);
      else if (!/^(0|f|F|FALSE|false|False)$/.test(value)) out.push(arg);
      continue;
    }
    out.push(value === undefined ? `--${name}` : `--${name}=${value}`);
  }
  return out;
}

/** A command that reads Go-style flags: argv is normalised before commander parses it. */
class GoFlagsCommand extends Command {
  override parseOptions(args: string[]): { operands: string[]; unknown: string[] } {
    return super.parseOptions(normaliseArgs(args));
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function validateCommand(io: CliIo): Command {
  return new GoFlagsCommand('validate')
    .summary('validate Kubernetes manifests against their schemas, as kubeconform does')
    .description(
      'A drop-in replacement for kubeconform: the same flags (with one or two dashes), statuses, outputs and exit codes. CRDs are a schema source (--crd, and every CRD among the files), errors carry their line and column in the findings formats (--format sarif|github|json).\nExit status: 0 every resource valid or skipped, 1 invalid resources, errors or a bad flag.',
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[paths...]', 'files and folders; none or - reads standard input')
    .option('--schema-location <location>', 'schema location (repeatable)', collect, [])
    .option('--kubernetes-version <version>', 'Kubernetes version', 'master')
    .option('--strict', 'disallow additional properties and duplicated keys')
    .option('--ignore-missing-schemas', 'skip resources without a schema')
    .option('--skip <kinds>', 'kinds to skip', '')
    .option('--reject <kinds>', 'kinds to reject', '')
    .option('--summary', 'print a summary')
    .option('--verbose', 'print every result')
    .option('--output <format>', 'json, junit, pretty, tap, text', 'text')
    .option('-n <threads>', 'threads validating and schemas loading at once', '4')
    .option('--cache <folder>', 'schema cache folder')
    .option('--ignore-filename-pattern <regexp>', 'paths to ignore', collect, [])
    .option('--exit-on-error', 'stop at the first failure')
    .option('--insecure-skip-tls-verify', "do not verify schema servers' TLS certificates")
    .option('--debug', 'accepted for compatibility')
    .addOption(new Option('-h, --help', 'show help information'))
    .addOption(new Option('-v', 'show version information'))
    .option('--format <format>', 'findings output: sarif, github, json, text, junit, markdown')
    .option('--crd <path>', 'CRD file or folder (repeatable)', collect, [])
    .option('--openapi <file>', 'Kubernetes OpenAPI v2 document')
    .option('--offline', 'remote schemas only from the cache')
    .option('--schema-header <header>', "'Host: Header: value' (repeatable)", collect, [])
    .option('--no-references', 'no findings of dangling references')
    .option('--disable-rule <id>', 'rule left out of the findings (repeatable)', collect, [])
    .action(async (paths: string[], flags: Flags) => {
      io.exitCode = await validate(io, paths, flags);
    });
}

const versionPattern = /^(master|\d+\.\d+\.\d+)$/;

async function validate(io: CliIo, paths: string[], flags: Flags): Promise<number> {
  // kubeconform prints what the flag package wrote (the error, then the usage) with
  // fmt.Fprintln: one blank line more at the end.
  const fail = (message: string, withUsage = false) => {
    io.stderr.write(`${message}\n${withUsage ? `${usage()}\n` : ''}`);
    return ExitCode.findings;
  };
  if (flags.help) {
    io.stdout.write(`${usage()}\n`);
    return ExitCode.ok;
  }
  if (flags.v) {
    io.stdout.write(`${tool.version}\n`);
    return ExitCode.ok;
  }
  const unknown = paths.find((path) => path.startsWith('-') && path !== '-');
  if (unknown) return fail(`flag provided but not defined: ${unknown.replace(/=.*$/, '')}`, true);
  if (!versionPattern.test(flags.kubernetesVersion)) {
    const v = flags.kubernetesVersion;
    return fail(
      `invalid value "${v}" for flag -kubernetes-version: ${v} is not a valid version. Valid values are "master" (default) or full version x.y.z (e.g. "1.27.2")`,
      true,
    );
  }
  if (!/^[-+]?\d+$/.test(flags.n))
    return fail(`invalid value "${flags.n}" for flag -n: parse error`, true);
  let format: Format | undefined;
  if (flags.format !== undefined) {
    if (!isFormat(flags.format))
      return fail(
        `invalid value "${flags.format}" for flag -format: use sarif, github, json, text, junit or markdown`,
        true,
      );
    format = flags.format;
    const unknownRule = flags.disableRule.find((id) => !validateRules.has(id));
    if (unknownRule !== undefined)
      return fail(`invalid value "${unknownRule}" for flag -disable-rule: no such rule`, true);
  } else if (!isKubeconformFormat(flags.output)) {
    return fail("'outputFormat' must be 'json', 'junit', 'pretty', 'tap' or 'text'");
  }
  const stdin = paths.length === 0 || (paths.length === 1 && paths[0] === '-');
  if (stdin && (io.stdin as { isTTY?: boolean }).isTTY)
    return fail('failing to read data from stdin');
  if (flags.cache !== undefined) {
    const info = await stat(resolve(io.cwd, flags.cache)).catch(() => undefined);
    if (!info)
      return fail(
        `failed opening cache folder ${flags.cache}: stat ${flags.cache}: no such file or directory`,
      );
    if (!info.isDirectory()) return fail(`cache folder ${flags.cache} is not a directory`);
  }
  let ignore: RegExp[];
  let registry: SchemaRegistry;
  try {
    ignore = flags.ignoreFilenamePattern.map((pattern) => new RegExp(pattern));
    registry = new SchemaRegistry({
      locations: flags.schemaLocation.length > 0 ? flags.schemaLocation : DEFAULT_LOCATIONS,
      kubernetesVersion: flags.kubernetesVersion,
      strict: flags.strict ?? false,
      ...(flags.cache !== undefined ? { cacheDirectory: resolve(io.cwd, flags.cache) } : {}),
      offline: flags.offline ?? false,
      insecureSkipTlsVerify: flags.insecureSkipTlsVerify ?? false,
      headers: flags.schemaHeader.map((header) => parseSchemaHeader(header, io.env)),
    });
  } catch (error) {
    if (
      error instanceof SchemaLocationError ||
      error instanceof SchemaHeaderError ||
      error instanceof SyntaxError
    )
      return fail(error.message);
    throw error;
  }
  if (flags.openapi !== undefined) {
    const problem = await addOpenApi(registry, resolve(io.cwd, flags.openapi));
    if (problem) return fail(`-openapi ${flags.openapi}: ${problem}`);
  }
  const started = performance.now();
  const run = await runValidationOr(fail, {
    paths,
    cwd: io.cwd,
    readStdin: () => readStream(io.stdin),
    registry,
    ignore,
    strict: flags.strict ?? false,
    skip: KindFilter.parse([flags.skip]),
    reject: KindFilter.parse([flags.reject]),
    ignoreMissingSchemas: flags.ignoreMissingSchemas ?? false,
    exitOnError: flags.exitOnError ?? false,
    crds: flags.crd,
    concurrency: Math.max(1, Number(flags.n)),
    // Only the cross-references of the findings read the decoded resources; worker threads
    // send them back only then.
    objects: format !== undefined && flags.references,
  });
  if (typeof run === 'number') return run;
  let failed = run.results.some((r) => r.status === 'invalid' || r.status === 'error');
  if (format !== undefined) {
    const files = [...new Set(run.results.map((result) => result.file))];
    const disabled = new Set(flags.disableRule);
    const findings = runFindings(run.results, {
      ...(flags.references ? { references: { disabled } } : {}),
    }).filter((finding) => !disabled.has(finding.ruleId));
    // A dangling reference is an error finding of its own: it fails the run as an invalid resource does.
    failed ||= hasErrors(findings);
    const report: Report = {
      tool,
      findings,
      rules: validateRules,
      stats: statistics(run.results),
      root: io.cwd,
      subjects: files,
    };
    const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
    io.stdout.write(render(format, report, { color }));
  } else {
    io.stdout.write(
      renderKubeconform(flags.output as Parameters<typeof renderKubeconform>[0], run.results, {
        summary: flags.summary ?? false,
        verbose: flags.verbose ?? false,
        stdin: run.stdin,
        seconds: (performance.now() - started) / 1000,
      }),
    );
  }
  return failed ? ExitCode.findings : ExitCode.ok;
}

/** Serves the kinds of a saved /openapi/v2 document; returns what went wrong, if anything. */
async function addOpenApi(registry: SchemaRegistry, path: string): Promise<string | undefined> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return (error as Error).message;
  }
  try {
    registry.addOpenApi(document, path);
  } catch (error) {
    if (error instanceof OpenApiError) return error.message;
    throw error;
  }
  return undefined;
}

/** Runs the job; an unreadable or broken --crd is a start-up failure, as a bad location is. */
async function runValidationOr(
  fail: (message: string) => number,
  options: Parameters<typeof runValidation>[0],
): Promise<Awaited<ReturnType<typeof runValidation>> | number> {
  try {
    return await runValidation(options);
  } catch (error) {
    if (error instanceof CrdError) return fail(`-crd: ${error.message}`);
    throw error;
  }
}

function statistics(results: readonly { status: string; file: string }[]): Record<string, number> {
  const stats: Record<string, number> = { files: new Set(results.map((r) => r.file)).size };
  for (const status of ['valid', 'invalid', 'error', 'skipped'])
    stats[status] = results.filter((r) => r.status === status).length;
  return stats;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : chunk.toString();
  return text;
}
