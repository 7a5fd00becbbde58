import { ARGOCD_REMOVED, NON_DETERMINISTIC } from '@fleetops/gotemplate';
import type { ApplicationSetSpec } from './application.ts';
import { isPlainObject } from './params.ts';

/**
 * The Sprig functions a goTemplate ApplicationSet calls whose result changes on every call
 * (`now`, `randAlphaNum`, `uuidv4`...): each reconcile then renders different Applications
 * and the controller rewrites them forever. Fasttemplate has no functions; the ones Argo CD
 * removes (env, expandenv, getHostByName) fail to render and freeze the ApplicationSet instead.
 */
export function nondeterministicFunctions(applicationSet: ApplicationSetSpec): string[] {
  const spec = applicationSet.spec;
  if (spec?.goTemplate !== true) return [];
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const name of functionsIn(value)) found.add(name);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        visit(key);
        visit(item);
      }
    }
  };
  visit(spec.template);
  visit(spec.templatePatch);
  // Generators render their own templates and `values` with the same functions.
  visit(spec.generators);
  return [...found].sort();
}

const action = /\{\{(.*?)\}\}/gs;
/** String and raw-string literals, whose words are no function calls. */
const literal = /"(?:[^"\\]|\\.)*"|`[^`]*`/g;
const identifier = /(?<![\w.$])[A-Za-z_]\w*/g;

function functionsIn(text: string): string[] {
  if (!text.includes('{{')) return [];
  const names: string[] = [];
  for (const match of text.matchAll(action)) {
    const code = (match[1] ?? '').replace(literal, '""');
    for (const word of code.match(identifier) ?? [])
      if (NON_DETERMINISTIC.has(word) && !ARGOCD_REMOVED.includes(word)) names.push(word);
  }
  return names;
}
