import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inventoryJson, inventoryTable, loadFleet } from '@fleetops/fleet';
import { Command, Option } from 'commander';
import type { CliIo } from '../io.ts';
import { resolveRoot, withConfig } from '../workspace.ts';

export function inventoryCommand(io: CliIo): Command {
  return new Command('inventory')
    .summary('list the clusters of a fleet repository')
    .description(
      'Prints the fleet model: every cluster merged from Cluster API objects, Argo CD cluster secrets and cluster directories, with stage, labels, Kubernetes version and networks.',
    )
    .argument('[path]', 'root of the fleet repository', '.')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (path: string, options: { format: 'text' | 'json'; output?: string }) => {
      const root = await resolveRoot(io.cwd, path);
      const { repository, fleet } = await withConfig(() => loadFleet(root));
      const text =
        options.format === 'json'
          ? `${JSON.stringify(inventoryJson(fleet), null, 2)}\n`
          : inventoryTable(fleet);
      if (options.output) await writeFile(resolve(io.cwd, options.output), text);
      else io.stdout.write(text);
      const problems = repository.findings.length + fleet.findings.length;
      if (problems > 0)
        io.stderr.write(
          `fleetops: ${problems} problem(s) while reading the fleet; run \`fleetops check\` for details\n`,
        );
    });
}
