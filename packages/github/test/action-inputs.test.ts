import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionInputs } from '../src/action-inputs.ts';

const inputs = (env: Record<string, string>) => new ActionInputs(env);

describe('ActionInputs', () => {
  it('reads INPUT_ variables as the runner sets them: trimmed, empty means absent', () => {
    const read = inputs({
      'INPUT_FAIL-ON': '  warning ',
      'INPUT_SARIF-FILE': '',
      INPUT_MY_INPUT: 'x',
    });
    expect(read.optional('fail-on')).toBe('warning');
    expect(read.optional('sarif-file')).toBeUndefined();
    expect(read.optional('missing')).toBeUndefined();
    expect(read.optional('my input')).toBe('x');
  });

  it('splits lists on newlines and commas', () => {
    expect(inputs({ INPUT_PATHS: 'clusters, management\n\n  apps ,' }).list('paths')).toEqual([
      'clusters',
      'management',
      'apps',
    ]);
    expect(inputs({}).list('paths')).toEqual([]);
  });

  it('accepts only the allowed choices and names the input in the error', () => {
    const read = inputs({ 'INPUT_FAIL-ON': 'sometimes' });
    expect(() => read.choice('fail-on', ['error', 'never'], 'error')).toThrow(
      "Input 'fail-on' must be one of error, never; got 'sometimes'. Default: error.",
    );
    expect(inputs({}).choice('fail-on', ['error', 'never'], 'never')).toBe('never');
  });

  it("reads booleans as YAML 1.2's words only", () => {
    expect(inputs({ INPUT_A: 'True', INPUT_B: 'FALSE' }).boolean('a', false)).toBe(true);
    expect(inputs({ INPUT_A: 'True', INPUT_B: 'FALSE' }).boolean('b', true)).toBe(false);
    expect(inputs({}).boolean('a', true)).toBe(true);
    expect(() => inputs({ INPUT_A: 'yes' }).boolean('a', false)).toThrow(
      "Input 'a' must be true or false; got 'yes'.",
    );
  });

  it('resolves a directory in the workspace and says what is wrong with a bad one', async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'fleetops-inputs-'));
    await writeFile(join(workspace, 'file.yaml'), 'a: 1\n');
    expect(inputs({}).directory('path', workspace)).toBe(workspace);
    expect(() => inputs({ INPUT_PATH: 'nope' }).directory('path', workspace)).toThrow(
      `Input 'path': nope does not exist in the workspace (${workspace}).`,
    );
    expect(() => inputs({ INPUT_PATH: 'file.yaml' }).directory('path', workspace)).toThrow(
      `Input 'path': file.yaml is not a directory in the workspace (${workspace}).`,
    );
  });
});
