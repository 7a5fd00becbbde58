import { gitRepo } from '@fleetops/test/git';
import { describe, expect, it } from 'vitest';
import { appset, names } from './appset-command.ts';
import { memoryIo } from './memory-io.ts';

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

const repo = () =>
  gitRepo({
    'appset.yaml': appSet,
    'envs/dev/config.yaml': 'env: dev\n',
    'envs/prod/eu/config.yaml': 'env: prod-eu\n',
  });

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
