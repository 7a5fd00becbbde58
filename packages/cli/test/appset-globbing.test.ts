import { execFileSync } from 'node:child_process';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { appsetCommand } from '../src/commands/appset.ts';
import { type MemoryIo, memoryIo } from './memory-io.ts';

async function appset(io: MemoryIo, args: string[]): Promise<number> {
  const command = appsetCommand(io)
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) });
  await command.parseAsync(args, { from: 'user' });
  return io.exitCode;
}

const appSet = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: envs
spec:
  goTemplate: true
  generators:
    - git:
        repoURL: https://github.com/org/fleet
        revision: HEAD
        files:
          - path: envs/*/config.yaml
  template:
    metadata:
      name: '{{ .env }}'
    spec:
      project: default
      destination: {server: https://kubernetes.default.svc, namespace: '{{ .env }}'}
`;

async function repo(): Promise<string> {
  const root = await writeTree({
    'appset.yaml': appSet,
    'envs/dev/config.yaml': 'env: dev\n',
    'envs/prod/eu/config.yaml': 'env: prod-eu\n',
  });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', root, '-c', 'user.email=t@e.st', '-c', 'user.name=t', ...args]);
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  return root;
}

const names = (out: string) =>
  (JSON.parse(out) as { metadata: { name: string } }[]).map((a) => a.metadata.name);

describe('fleetops appset --git-file-globbing', () => {
  it("defaults to git's pathspec, where * crosses /", async () => {
    const root = await repo();
    const io = memoryIo(root);
    expect(await appset(io, ['generate', 'appset.yaml', '-f', 'json', '--repo', '.'])).toBe(0);
    expect(names(io.out())).toEqual(['dev', 'prod-eu']);
  });

  it('doublestar keeps * within a directory', async () => {
    const root = await repo();
    const io = memoryIo(root);
    const args = ['generate', 'appset.yaml', '-f', 'json', '--repo', '.'];
    expect(await appset(io, [...args, '--git-file-globbing', 'doublestar'])).toBe(0);
    expect(names(io.out())).toEqual(['dev']);
  });
});
