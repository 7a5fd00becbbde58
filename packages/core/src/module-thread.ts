import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

// A worker thread of fleetops is the module that serves it started again: in development
// the TypeScript source file, in the actions and the CLI the single-file bundle that holds
// every module. `workerData` says which module's work it does; every other module loads as
// usual and the entry (the CLI, an action) is held back (see serveThread).

/**
 * Starts the module at `moduleUrl` (pass `new URL(import.meta.url)`) again as a thread
 * with `{ [role]: data }` as its workerData; undefined when no thread can be made. A thread
 * that cannot load (the TypeScript sources under Node 20, with no loader) fails with an
 * 'error' event: callers keep doing the work themselves.
 */
export function startModuleThread(moduleUrl: URL, role: string, data: unknown): Worker | undefined {
  try {
    const execArgv = sourceExecArgv(moduleUrl);
    return new Worker(moduleUrl, {
      workerData: { [role]: data },
      ...(execArgv ? { execArgv } : {}),
    });
  } catch {
    return undefined;
  }
}

/**
 * The data of `role` when this thread was started for it, else undefined: the test a
 * module makes at its top level before serving (and holding) the thread.
 */
export function threadRole<T>(role: string): T | undefined {
  if (isMainThread || !parentPort) return undefined;
  return (workerData as Record<string, T> | null)?.[role];
}

/**
 * Serves this thread with `serve` and never returns. In a single-file bundle the module
 * calling it is evaluated as part of the whole bundle, entry included: awaiting this at the
 * module's top level holds the evaluation there, so the entry does not run a second time in
 * the thread. The port's listener keeps the thread alive until it is ended.
 */
export async function serveThread(
  serve: (port: NonNullable<typeof parentPort>) => void,
): Promise<never> {
  serve(parentPort!);
  return new Promise<never>(() => {});
}

/**
 * A thread started from the TypeScript sources needs them compiled: a loader the main
 * thread has (tsx) is inherited; without one (vitest on Node 24), Node's own TypeScript
 * support, transforming rather than only stripping types, since some sources use parameter
 * properties. A bundle needs nothing.
 */
function sourceExecArgv(moduleUrl: URL): string[] | undefined {
  if (!moduleUrl.pathname.endsWith('.ts')) return undefined;
  if (process.execArgv.some((arg) => /\btsx\b|ts-node|--(experimental-)?loader/.test(arg)))
    return undefined;
  if (!(process.features as { typescript?: string | false }).typescript) return undefined;
  return [
    ...process.execArgv,
    '--experimental-transform-types',
    '--disable-warning=ExperimentalWarning',
  ];
}
