/**
 * The three function sets: `go` (the builtins only), `sprig` (Sprig v3 without its
 * clock, random, environment and network functions) and `argocd` (exactly what the ApplicationSet
 * controller gives: all of Sprig minus env, expandenv and getHostByName, plus its helpers).
 */
import { argocdFuncs } from './argocd.ts';
import type { FuncMap, GoFunc } from './signature.ts';
import { collectionFuncs } from './sprig/collections.ts';
import { cryptoFuncs } from './sprig/crypto.ts';
import { dateFuncs } from './sprig/dates.ts';
import { defaultFuncs } from './sprig/defaults.ts';
import { encodingFuncs } from './sprig/encoding.ts';
import { decryptFuncs, environmentFuncs, NON_DETERMINISTIC } from './sprig/environment.ts';
import { numberFuncs } from './sprig/numbers.ts';
import { regexFuncs } from './sprig/regex.ts';
import { semverFuncs } from './sprig/semver.ts';
import { stringFuncs } from './sprig/strings.ts';

export type FunctionSet = 'go' | 'sprig' | 'argocd';

/** Argo CD deletes these from Sprig "to avoid allowing the user to learn things about the environment". */
export const ARGOCD_REMOVED: readonly string[] = ['env', 'expandenv', 'getHostByName'];

const allSprig: ReadonlyArray<[string, GoFunc]> = [
  ...stringFuncs,
  ...numberFuncs,
  ...collectionFuncs,
  ...defaultFuncs,
  ...encodingFuncs,
  ...regexFuncs,
  ...semverFuncs,
  ...dateFuncs,
  ...cryptoFuncs,
  ...decryptFuncs,
  ...environmentFuncs,
];

const sets: Record<FunctionSet, FuncMap> = {
  go: new Map(),
  sprig: new Map(allSprig.filter(([name]) => !NON_DETERMINISTIC.has(name))),
  argocd: new Map([...allSprig.filter(([name]) => !ARGOCD_REMOVED.includes(name)), ...argocdFuncs]),
};

export function functionSet(name: FunctionSet): FuncMap {
  return sets[name];
}

export { NON_DETERMINISTIC };
