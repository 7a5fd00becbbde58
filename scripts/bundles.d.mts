import type { BuildOptions } from 'esbuild';

export const repoRoot: string;
/** The reader thread's own bundle, written beside every bundle. */
export const readAheadBundle: string;
export function actionNames(root?: string): string[];
export function bundleOptions(options?: {
  outRoot?: string;
}): (BuildOptions & { outfile: string })[];
export function buildAll(options?: { outRoot?: string }): Promise<string[]>;
export function buildBundlesIn(dist: string, options?: { outRoot?: string }): Promise<string[]>;
export function buildAction(name: string, options?: { outRoot?: string }): Promise<string>;
export function sharedOptions(): BuildOptions;
export function buildScript(entry: string, outfile: string): Promise<string>;
