// Entry layer: readInputs with the real @actions/core, inputs through INPUT_* variables and
// the event payload in GITHUB_EVENT_PATH, as the runner provides them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInputs } from '../src/inputs.ts';

const payload = {
  action: 'opened',
  number: 7,
  pull_request: {
    number: 7,
    state: 'open',
    title: 'Add previews',
    user: { login: 'octocat' },
    labels: [],
    head: { ref: 'feature', sha: 'a'.repeat(40), repo: { full_name: 'acme/fleet' } },
    base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: 'acme/fleet' } },
  },
  repository: {
    name: 'fleet',
    owner: { login: 'acme' },
    url: 'https://api.github.com/repos/acme/fleet',
  },
};

let dir: string;
const saved = { ...process.env };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fleetops-appset-inputs-'));
  for (const key of Object.keys(process.env))
    if (key.startsWith('INPUT_') || key.startsWith('GITHUB_')) delete process.env[key];
  process.env.GITHUB_WORKSPACE = dir;
});

afterEach(async () => {
  process.env = { ...saved };
  await rm(dir, { recursive: true, force: true });
});

async function pullRequestRun(): Promise<void> {
  const file = path.join(dir, 'event.json');
  await writeFile(file, JSON.stringify(payload));
  process.env.GITHUB_EVENT_NAME = 'pull_request';
  process.env.GITHUB_EVENT_PATH = file;
}

describe('appset-preview inputs', () => {
  it('argocd-version defaults to the latest release', async () => {
    await pullRequestRun();
    expect(readInputs().diff.argocdVersion).toBe('3.5');
  });

  it('takes a supported argocd-version', async () => {
    await pullRequestRun();
    process.env['INPUT_ARGOCD-VERSION'] = 'v3.3.4';
    expect(readInputs().diff.argocdVersion).toBe('v3.3.4');
  });

  it('rejects an unsupported argocd-version, naming the input and the range', async () => {
    await pullRequestRun();
    process.env['INPUT_ARGOCD-VERSION'] = '2.9';
    expect(() => readInputs()).toThrow(
      "Input 'argocd-version': argocd-version 2.9 is not supported: the preview implements Argo CD 2.14 to 3.5.",
    );
  });

  it('hands the pull_request payload to the pull request generator', async () => {
    await pullRequestRun();
    const inputs = readInputs();
    expect(inputs.diff.pullRequestEvent).toEqual(payload);
    expect(inputs.diff.base).toBe('b'.repeat(40));
  });

  it('has no pull request event on other events', async () => {
    const file = path.join(dir, 'event.json');
    await writeFile(file, JSON.stringify({ ref: 'refs/heads/main' }));
    process.env.GITHUB_EVENT_NAME = 'push';
    process.env.GITHUB_EVENT_PATH = file;
    process.env.INPUT_BASE = 'main~1';
    expect(readInputs().diff).not.toHaveProperty('pullRequestEvent');
  });

  it('uploads the artifact appset-preview by default, kept as long as the repository keeps them', async () => {
    await pullRequestRun();
    expect(readInputs().artifact).toEqual({ name: 'appset-preview' });
    process.env['INPUT_RETENTION-DAYS'] = '0';
    expect(readInputs().artifact).toEqual({ name: 'appset-preview' });
  });

  it('takes artifact-name and retention-days, and no artifact with upload-artifact: false', async () => {
    await pullRequestRun();
    process.env['INPUT_ARTIFACT-NAME'] = 'preview (prod)';
    process.env['INPUT_RETENTION-DAYS'] = '14';
    expect(readInputs().artifact).toEqual({ name: 'preview (prod)', retentionDays: 14 });
    process.env['INPUT_UPLOAD-ARTIFACT'] = 'false';
    expect(readInputs()).not.toHaveProperty('artifact');
  });

  it('names artifact-name and retention-days in their errors', async () => {
    await pullRequestRun();
    process.env['INPUT_ARTIFACT-NAME'] = 'preview:prod';
    expect(() => readInputs()).toThrow(
      `Input 'artifact-name' contains ':'; an artifact name may not contain " : < > | * ? \\ / or line breaks; got 'preview:prod'.`,
    );
    delete process.env['INPUT_ARTIFACT-NAME'];
    process.env['INPUT_RETENTION-DAYS'] = '-1';
    expect(() => readInputs()).toThrow(
      "Input 'retention-days' must be a whole number of days, or 0 for the repository's setting; got '-1'.",
    );
    process.env['INPUT_UPLOAD-ARTIFACT'] = 'no';
    expect(() => readInputs()).toThrow("Input 'upload-artifact' must be true or false; got 'no'.");
  });
});
