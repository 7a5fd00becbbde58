import { wrap } from '../errors.ts';
import { isPlainObject, markStringMap, type Params } from '../params.ts';
import { replace, type TemplateMode } from '../replace.ts';

/**
 * Argo CD's `appendTemplatedValues`: each of a generator's `values` is rendered against the
 * parameters so far, then added as `values.KEY` (fasttemplate) or under `values` (goTemplate).
 */
export function appendValues(values: unknown, params: Params, mode: TemplateMode): void {
  if (!isPlainObject(values)) return;
  const rendered: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    try {
      rendered[key] = replace(String(value ?? ''), params, mode);
    } catch (error) {
      throw wrap(
        'failed to replace templated string',
        wrap('failed to replace templated string with rendered values', error),
      );
    }
  }
  if (Object.keys(rendered).length === 0) return;
  if (mode.goTemplate) params.values = markStringMap(rendered);
  else for (const [key, value] of Object.entries(rendered)) params[`values.${key}`] = value;
}
