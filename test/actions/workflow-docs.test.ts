// The workflows users copy from docs/workflows.md and the action READMEs keep the rules the
// docs preach: `permissions: {}` at the top and grants per job, third-party actions pinned
// by commit, checkout without persisted credentials, no pull_request_target, and only
// inputs that the released action.yml declares.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSource } from '@fleetops/core';
import { describe, expect, it } from 'vitest';
import { readActionManifest } from '../../scripts/action-manifest.mjs';
import { actionNames, repoRoot } from '../../scripts/bundles.mjs';

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  /** A YAML 1.1 reader (as Kubernetes' is) reads the key `on` as the boolean true. */
  on?: Record<string, unknown>;
  true?: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const documents = [
  'docs/workflows.md',
  ...actionNames().map((name) => `actions/${name}/README.md`),
];

/** Every ```yaml block of a Markdown file that is a workflow (has `jobs:`). */
function workflowsIn(file: string): Workflow[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks
    .map((block) => {
      const parsed = parseSource(block, 'yaml');
      expect(parsed.problems).toEqual([]);
      return parsed.documents[0]?.value as Workflow;
    })
    .filter((value) => value && typeof value === 'object' && 'jobs' in value);
}

const pinned = /^[^@]+@[0-9a-f]{40}$/;
const ours = /^fleetops\/fleetops\/actions\/([a-z-]+)@/;

describe.each(documents)('workflows in %s', (file) => {
  const workflows = workflowsIn(file);

  it('has workflows to check', () => {
    expect(workflows.length).toBeGreaterThan(0);
  });

  it('grants nothing at the top and names every job’s permissions', () => {
    for (const workflow of workflows) {
      expect(workflow.permissions).toEqual({});
      for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeDefined();
    }
  });

  it('never triggers on pull_request_target', () => {
    for (const workflow of workflows) {
      const triggers = Object.keys(workflow.on ?? workflow.true ?? {});
      expect(triggers.length).toBeGreaterThan(0);
      expect(triggers).not.toContain('pull_request_target');
    }
  });

  it('pins every third-party action by commit and checks out without credentials', () => {
    const steps = workflows.flatMap((workflow) =>
      Object.values(workflow.jobs).flatMap((job) => job.steps),
    );
    const unpinned = steps
      .map((step) => step.uses)
      .filter((uses): uses is string => uses !== undefined && !ours.test(uses))
      .filter((uses) => !pinned.test(uses));
    expect(unpinned).toEqual([]);
    const checkouts = steps.filter((step) => step.uses?.startsWith('actions/checkout@'));
    for (const step of checkouts) expect(step.with?.['persist-credentials']).toBe(false);
  });

  it('passes a released fleetops action only the inputs its action.yml declares', () => {
    const released = new Set(actionNames());
    const steps = workflows.flatMap((workflow) =>
      Object.values(workflow.jobs).flatMap((job) => job.steps),
    );
    for (const step of steps) {
      const name = ours.exec(step.uses ?? '')?.[1];
      if (!name || !released.has(name)) continue;
      const declared = Object.keys(readActionManifest(name).inputs ?? {});
      expect(Object.keys(step.with ?? {}).filter((input) => !declared.includes(input))).toEqual([]);
    }
  });
});

it('marks every fleetops action that does not exist yet as not yet released', () => {
  const text = readFileSync(path.join(repoRoot, 'docs/workflows.md'), 'utf8');
  const released = new Set(actionNames());
  for (const line of text.split('\n')) {
    const name = /uses: fleetops\/fleetops\/actions\/([a-z-]+)@/.exec(line)?.[1];
    if (name && !released.has(name)) expect(line).toContain('# not yet released');
  }
});
