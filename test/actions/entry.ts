// An action's entry, run() of its main.ts, in this process as the runner would start it:
// the step's environment stubbed, stdout captured, the exit code taken back.
import { vi } from 'vitest';
import { type RunnerStep, workflowCommands } from './runner.ts';

/**
 * Runs `run` with `step`'s environment (unstubbed by `vi.unstubAllEnvs()`, which the caller
 * does after each test) and returns the exit code it set and what it wrote to stdout.
 */
export async function runEntry(run: () => Promise<void>, step: RunnerStep) {
  for (const [name, value] of Object.entries(step.env)) vi.stubEnv(name, value);
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  const exitCode = process.exitCode;
  // setFailed sets the exit code of this very process: the test runner's.
  process.exitCode = undefined;
  const stdout = chunks.join('');
  return { exitCode, stdout, commands: workflowCommands(stdout) };
}
