import { fileURLToPath } from 'node:url';
import type { Finding } from '@fleetops/core';
import { checkLoaded, type LoadedFleet, loadFleet } from '../../src/index.ts';

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export async function loadFixture(name: string): Promise<LoadedFleet> {
  return loadFleet(fixture(name));
}

/** The check's findings of one rule family, as `severity rule file:line:column`. */
export async function checkFixture(name: string): Promise<Finding[]> {
  return checkLoaded(await loadFixture(name)).findings;
}

export function brief(finding: Finding): string {
  const { file, line, column } = finding.location;
  return `${finding.severity} ${finding.ruleId} ${file}:${line}:${column}`;
}
