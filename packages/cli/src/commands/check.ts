import { checkReport, runCheck } from '@fleetops/check';
import { hasErrors } from '@fleetops/core';
import { Command, Option } from 'commander';
import { type CliIo, ExitCode } from '../io.ts';
import { formatHelp, parseFormat, writeReport } from '../report-output.ts';
import { resolveRoot, withConfig } from '../workspace.ts';

export function checkCommand(io: CliIo): Command {
  return new Command('check')
    .summary('run every offline check on a fleet repository')
    .description(
      'Loads the repository once (every YAML and JSON file, .fleetops.yaml), builds the fleet model and reports every finding.\nExit status: 0 no error findings, 1 error findings, 2 usage or configuration error.',
    )
    .argument('[path]', 'root of the fleet repository', '.')
    .addOption(
      new Option('-f, --format <format>', formatHelp).default('text').argParser(parseFormat),
    )
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .action(
      async (
        path: string,
        options: { format: ReturnType<typeof parseFormat>; output?: string },
      ) => {
        const root = await resolveRoot(io.cwd, path);
        const result = await withConfig(() => runCheck({ root }));
        await writeReport(io, checkReport(result), options.format, options.output);
        io.exitCode = hasErrors(result.findings) ? ExitCode.findings : ExitCode.ok;
      },
    );
}
