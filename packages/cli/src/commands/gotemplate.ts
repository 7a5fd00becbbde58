import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  type FunctionSet,
  type GoValue,
  missingKeyOption,
  parseData,
  Template,
  TemplateError,
} from '@fleetops/gotemplate';
import { Command, Option } from 'commander';
import { type CliIo, ExitCode, UsageError } from '../io.ts';

interface GotemplateOptions {
  data?: string;
  funcs: FunctionSet;
  missingkey: string;
  name?: string;
  jsonNumbers?: boolean;
}

export function gotemplateCommand(io: CliIo): Command {
  return new Command('gotemplate')
    .summary('render a Go template the way Argo CD renders goTemplate ApplicationSets')
    .description(
      "Renders TEMPLATE_FILE (or standard input, given as -) with Go's text/template and Sprig, exactly as Argo CD's ApplicationSet controller does, and prints the result. A template error is printed in Go's words on standard error, with exit code 1.",
    )
    .argument('<template>', 'template file, or - for standard input')
    .option('-d, --data <file>', 'JSON or YAML file with the template data (the parameters)')
    .addOption(
      new Option('--funcs <set>', 'function set: Go builtins, + Sprig, + Argo CD helpers')
        .choices(['go', 'sprig', 'argocd'])
        .default('argocd'),
    )
    .addOption(
      new Option('--missingkey <mode>', 'what a missing map key gives (goTemplateOptions)')
        .choices(['default', 'invalid', 'zero', 'error'])
        .default('default'),
    )
    .option('--name <name>', 'template name in error messages (default: the file name)')
    .option('--json-numbers', 'decode every number in the data as float64, as Argo CD does')
    .action(async (template: string, options: GotemplateOptions) => {
      const text = await readTemplate(io, template);
      const data = options.data ? await readData(io, options.data, options) : null;
      const name = options.name ?? (template === '-' ? 'stdin' : basename(template));
      try {
        const missingKey = missingKeyOption([`missingkey=${options.missingkey}`]);
        const parsed = Template.parse(text, { funcs: options.funcs, missingKey, name });
        io.stdout.write(parsed.execute(data));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        io.stderr.write(`${error.message}\n`);
        io.exitCode = ExitCode.findings;
      }
    });
}

async function readTemplate(io: CliIo, path: string): Promise<string> {
  if (path === '-') return readStream(io.stdin);
  return readFile(resolve(io.cwd, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`${path}: cannot read the template (${error.code ?? error.message})`);
  });
}

async function readData(io: CliIo, path: string, options: GotemplateOptions): Promise<GoValue> {
  const text = await readFile(resolve(io.cwd, path), 'utf8').catch(
    (error: NodeJS.ErrnoException) => {
      throw new UsageError(`${path}: cannot read the data file (${error.code ?? error.message})`);
    },
  );
  try {
    return parseData(text, { jsonNumbers: options.jsonNumbers ?? false });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${path}: not JSON or YAML: ${reason}`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : chunk.toString();
  return text;
}
