import { readFileSync } from 'node:fs';
import { writeTree } from '@fleetops/test/tree';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/io.ts';
import { appset, names } from './appset-command.ts';
import { memoryIo } from './memory-io.ts';

const event = readFileSync(
  new URL('../../appset/test/fixtures/pull-request-event.json', import.meta.url),
  'utf8',
);

const previews = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: previews
spec:
  goTemplate: true
  generators:
    - pullRequest:
        github:
          owner: acme
          repo: fleet
        values:
          host: '{{ .branch_slug }}.preview.acme.test'
  template:
    metadata:
      name: 'preview-{{ .number }}'
      annotations:
        host: '{{ default "none" .values.host }}'
    spec:
      project: default
      source:
        repoURL: https://github.com/acme/fleet
        targetRevision: '{{ .head_sha }}'
      destination:
        server: https://kubernetes.default.svc
        namespace: 'pr-{{ .number }}'
`;

const nested = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: nested
spec:
  goTemplate: true
  generators:
    - matrix:
        generators:
          - list:
              elements: [{app: web}]
          - matrix:
              generators:
                - list:
                    elements: [{env: dev}, {env: prod}]
                  selector:
                    matchLabels: {env: prod}
                - list:
                    elements: [{region: eu}]
  template:
    metadata:
      name: '{{ .app }}-{{ .env }}-{{ .region }}'
    spec:
      project: default
      destination: {server: https://kubernetes.default.svc, namespace: web}
`;

describe('fleetops appset --argocd-version', () => {
  it('defaults to the latest release: nested selectors apply', async () => {
    const dir = await writeTree({ 'appset.yaml': nested });
    const io = memoryIo(dir);
    expect(await appset(io, ['generate', 'appset.yaml', '-f', 'json'])).toBe(0);
    expect(names(io.out())).toEqual(['web-prod-eu']);
  });

  it('2.14 ignores nested selectors without applyNestedSelectors', async () => {
    const dir = await writeTree({ 'appset.yaml': nested });
    const io = memoryIo(dir);
    const args = ['generate', 'appset.yaml', '-f', 'json', '--argocd-version', '2.14'];
    expect(await appset(io, args)).toBe(0);
    expect(names(io.out())).toEqual(['web-dev-eu', 'web-prod-eu']);
    expect(io.err()).toContain('spec.applyNestedSelectors: true');
  });

  it('a version outside the supported range is a usage error naming the range', async () => {
    const dir = await writeTree({ 'appset.yaml': nested });
    await expect(
      appset(memoryIo(dir), ['generate', 'appset.yaml', '--argocd-version', '2.8']),
    ).rejects.toThrow(
      new UsageError(
        '--argocd-version: argocd-version 2.8 is not supported: the preview implements Argo CD 2.14 to 3.5',
      ),
    );
  });
});

describe('fleetops appset --pull-request-event', () => {
  it('evaluates the pull request generator from the event payload', async () => {
    const dir = await writeTree({ 'appset.yaml': previews, 'event.json': event });
    const io = memoryIo(dir);
    const args = ['generate', 'appset.yaml', '-f', 'json', '--pull-request-event', 'event.json'];
    expect(await appset(io, args)).toBe(0);
    const [app] = JSON.parse(io.out());
    expect(app.metadata).toMatchObject({
      name: 'preview-1347',
      annotations: { host: 'feature-prometheus-82.preview.acme.test' },
    });
    expect(app.spec.source.targetRevision).toBe('e5bd3914e2e596debea16f433f57875b5b90bcd6');
    expect(io.err()).toBe('');
  });

  it('Argo CD 2.14 has no pull request generator values', async () => {
    const dir = await writeTree({ 'appset.yaml': previews, 'event.json': event });
    const io = memoryIo(dir);
    const args = ['generate', 'appset.yaml', '-f', 'json', '--pull-request-event', 'event.json'];
    expect(await appset(io, [...args, '--argocd-version', '2.14'])).toBe(0);
    expect(JSON.parse(io.out())[0].metadata.annotations).toEqual({ host: 'none' });
  });

  it('without an event the generator stays dynamic', async () => {
    const dir = await writeTree({ 'appset.yaml': previews });
    const io = memoryIo(dir);
    expect(await appset(io, ['generate', 'appset.yaml'])).toBe(0);
    expect(io.err()).toContain('not previewable: pullRequest generator: dynamic');
  });

  it('rejects a file that is not a pull_request payload', async () => {
    const dir = await writeTree({ 'appset.yaml': previews, 'push.json': '{"ref":"main"}' });
    await expect(
      appset(memoryIo(dir), ['generate', 'appset.yaml', '--pull-request-event', 'push.json']),
    ).rejects.toThrow(
      new UsageError('push.json: not a pull_request event payload (no pull_request object)'),
    );
  });
});
