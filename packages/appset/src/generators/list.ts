import { jsonNumbersAsFloat64 } from '@fleetops/gotemplate';
import { GeneratorError } from '../errors.ts';
import { isPlainObject, type Params } from '../params.ts';
import { parseFirstDocument } from '../yaml.ts';
import type { Context } from './context.ts';

/** The list generator: `elements`, then the maps of `elementsYaml`. */
export function listParams(list: Record<string, unknown>, context: Context): Params[] {
  const elements = Array.isArray(list.elements) ? list.elements : [];
  const res: Params[] = [];
  for (const element of elements) {
    if (!isPlainObject(element))
      throw new GeneratorError(
        `error unmarshling list element json: cannot unmarshal ${jsonKind(element)} into Go value of type map[string]interface {}`,
      );
    if (context.mode.goTemplate) {
      res.push(jsonNumbersAsFloat64(element as never) as Params);
      continue;
    }
    res.push(flatListElement(element));
  }
  if (typeof list.elementsYaml === 'string' && list.elementsYaml !== '') {
    let parsed: unknown;
    try {
      parsed = parseFirstDocument(list.elementsYaml);
    } catch (error) {
      throw new GeneratorError(
        `error unmarshling decoded ElementsYaml ${(error as Error).message.split('\n')[0]}`,
      );
    }
    if (parsed !== null && parsed !== undefined) {
      if (!Array.isArray(parsed) || !parsed.every((item) => item === null || isPlainObject(item)))
        throw new GeneratorError(
          `error unmarshling decoded ElementsYaml error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(parsed)} into Go value of type []map[string]interface {}`,
        );
      for (const item of parsed) res.push(jsonNumbersAsFloat64((item ?? {}) as never) as Params);
    }
  }
  return res;
}

/** fasttemplate mode: every value must be a string; `values` become `values.KEY`. */
function flatListElement(element: Record<string, unknown>): Params {
  const params: Params = {};
  for (const [key, value] of Object.entries(element)) {
    if (key === 'values') {
      if (!isPlainObject(value)) throw new GeneratorError('error parsing values map');
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string')
          throw new GeneratorError('error parsing value as string %!w(<nil>)');
        params[`values.${k}`] = v;
      }
    } else {
      if (typeof value !== 'string')
        throw new GeneratorError('error parsing value as string %!w(<nil>)');
      params[key] = value;
    }
  }
  return params;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
