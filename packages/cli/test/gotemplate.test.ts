import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { gotemplateCommand } from '../src/commands/gotemplate.ts';
import { UsageError } from '../src/io.ts';
import { type MemoryIo, memoryIo } from './memory-io.ts';

async function workdir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fleetops-gotemplate-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** Runs `fleetops gotemplate ARGS` in-process (the command alone, as the program would). */
async function gotemplate(io: MemoryIo, args: string[]): Promise<number> {
  const command = gotemplateCommand(io)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  await command.parseAsync(args, { from: 'user' });
  return io.exitCode;
}

const appTemplate = "name: '{{.cluster | normalize}}-{{.env}}'\nreplicas: {{.replicas}}\n";

describe('fleetops gotemplate', () => {
  it('renders a template file with YAML data', async () => {
    const dir = await workdir({
      'app.tmpl': appTemplate,
      'params.yaml': 'cluster: EU_West\nenv: prod\nreplicas: 3\n',
    });
    const io = memoryIo(dir);
    expect(await gotemplate(io, ['--data', 'params.yaml', 'app.tmpl'])).toBe(0);
    expect(io.out()).toBe("name: 'eu-west-prod'\nreplicas: 3\n");
    expect(io.err()).toBe('');
  });

  it('reads the template from standard input given -, and JSON data', async () => {
    const dir = await workdir({ 'params.json': '{"items": ["a", "b"]}' });
    const io = memoryIo(dir, '{{range $i, $e := .items}}{{$i}}={{$e}} {{end}}');
    expect(await gotemplate(io, ['-d', 'params.json', '-'])).toBe(0);
    expect(io.out()).toBe('0=a 1=b ');
  });

  it("prints Go's error on stderr with exit 1, named after the file", async () => {
    const dir = await workdir({ 'app.tmpl': 'x: {{.missing.key}}', 'p.json': '{}' });
    const io = memoryIo(dir);
    expect(await gotemplate(io, ['--missingkey', 'error', '-d', 'p.json', 'app.tmpl'])).toBe(1);
    expect(io.out()).toBe('');
    expect(io.err()).toBe(
      'template: app.tmpl:1:13: executing "app.tmpl" at <.missing.key>: map has no entry for key "missing"\n',
    );
  });

  it('reports parse errors the same way', async () => {
    const dir = await workdir({ 't.tmpl': '{{upper "x"}}' });
    const io = memoryIo(dir);
    expect(await gotemplate(io, ['--funcs', 'go', '--name', 'app', 't.tmpl'])).toBe(1);
    expect(io.err()).toBe('template: app:1: function "upper" not defined\n');
  });

  it('executes with nil data when no --data is given', async () => {
    const dir = await workdir({ 't.tmpl': '[{{.x}}]' });
    const io = memoryIo(dir);
    expect(await gotemplate(io, ['t.tmpl'])).toBe(0);
    expect(io.out()).toBe('[<no value>]');
  });

  it('decodes numbers as float64 with --json-numbers, as Argo CD does', async () => {
    const dir = await workdir({
      't.tmpl': '{{printf "%T" .n}} {{.big}}',
      'p.yaml': 'n: 3\nbig: 2000000\n',
    });
    const plain = memoryIo(dir);
    await gotemplate(plain, ['-d', 'p.yaml', 't.tmpl']);
    expect(plain.out()).toBe('int 2000000');
    const argo = memoryIo(dir);
    await gotemplate(argo, ['--json-numbers', '-d', 'p.yaml', 't.tmpl']);
    expect(argo.out()).toBe('float64 2e+06');
  });

  it('throws a usage error for an unreadable template or data file', async () => {
    const dir = await workdir({ 't.tmpl': 'x', 'bad.yaml': 'a: [\n' });
    await expect(gotemplate(memoryIo(dir), ['nope.tmpl'])).rejects.toThrow(
      new UsageError('nope.tmpl: cannot read the template (ENOENT)'),
    );
    await expect(gotemplate(memoryIo(dir), ['-d', 'nope.json', 't.tmpl'])).rejects.toThrow(
      new UsageError('nope.json: cannot read the data file (ENOENT)'),
    );
    await expect(gotemplate(memoryIo(dir), ['-d', 'bad.yaml', 't.tmpl'])).rejects.toThrow(
      /^bad\.yaml: not JSON or YAML: /,
    );
  });

  it('rejects an unknown function set or missingkey mode', async () => {
    const dir = await workdir({ 't.tmpl': 'x' });
    const io = memoryIo(dir);
    await expect(gotemplate(io, ['--funcs', 'helm', 't.tmpl'])).rejects.toBeInstanceOf(
      CommanderError,
    );
    expect(io.err()).toContain("argument 'helm' is invalid");
    await expect(gotemplate(memoryIo(dir), ['--missingkey', 'x', 't.tmpl'])).rejects.toBeInstanceOf(
      CommanderError,
    );
  });
});
