import { isPlainObject } from './params.ts';

/**
 * Kubernetes' strategic merge patch over an Application. Argo CD's Application types
 * declare no merge keys, so maps merge key by key, `null` deletes a key, every list is
 * replaced whole, and the `$patch: replace` / `$patch: delete` directives apply to maps.
 */
export function strategicMerge(original: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  const { $patch: _, ...fields } = patch;
  if (directive === 'replace') return stripDirectives(fields);
  const out: Record<string, unknown> = isPlainObject(original) ? { ...original } : {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) {
      delete out[key];
      continue;
    }
    const merged = strategicMerge(out[key], value);
    if (merged === undefined) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    if (key !== '$patch' && item !== null) out[key] = stripDirectives(item);
  return out;
}
