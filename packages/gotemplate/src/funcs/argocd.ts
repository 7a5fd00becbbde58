/**
 * The helpers Argo CD's ApplicationSet controller adds to Sprig (applicationset/utils):
 * normalize, slugify, toYaml, fromYaml, fromYamlArray.
 */
import { parse, stringify } from 'yaml';
import { type GoValue, isMap, jsonNumbersAsFloat64 } from '../value.ts';
import { def, type GoFunc } from './signature.ts';
import { reflectKind } from './sprig/convert.ts';
import { goJson } from './sprig/defaults.ts';

const MAX_DNS_NAME = 253;

/** SanitizeName: lower case, [^-a-z0-9.] → "-", at most 253 bytes, trimmed of "-" and ".". */
export function normalize(name: string): string {
  let n = name.toLowerCase().replace(/[^-a-z0-9.]/g, '-');
  if (n.length > MAX_DNS_NAME) n = n.slice(0, MAX_DNS_NAME);
  return n.replace(/^[-.]+|[-.]+$/g, '');
}

/** gosimple/slug.Make on a normalized name, with smart truncation at the last "-". */
function slugify(...args: GoValue[]): string {
  let maxSize = 50;
  let smart = true;
  let name = '';
  args.forEach((arg, i) => {
    const want = i === args.length - 1 ? 'string' : i === 0 ? 'int' : i === 1 ? 'bool' : undefined;
    if (want === undefined) return;
    if (reflectKind(arg) !== want) {
      throw new Error(
        `interface conversion: interface {} is ${arg === null ? 'nil' : reflectKind(arg)}, not ${want}`,
      );
    }
    if (want === 'string') name = arg as string;
    else if (want === 'int') maxSize = arg as number;
    else smart = arg as boolean;
  });
  let slug = normalize(name)
    .replace(/[^a-z0-9-_]/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  if (maxSize > 0 && slug.length > maxSize) {
    if (smart) {
      const cut = slug.lastIndexOf('-', maxSize);
      slug = cut > 0 ? slug.slice(0, cut) : slug.slice(0, maxSize);
    } else {
      slug = slug.slice(0, maxSize);
    }
  }
  return slug;
}

/** sigs.k8s.io/yaml.Marshal: through JSON (sorted keys), block style, no trailing newline. */
function toYaml(v: GoValue): string {
  const viaJson = JSON.parse(goJson(v, false)) as unknown;
  return stringify(viaJson, { indentSeq: false, lineWidth: 0, sortMapEntries: true }).replace(
    /\n$/,
    '',
  );
}

/** sigs.k8s.io/yaml.Unmarshal: YAML → JSON → Go, so every number is a float64. */
function fromYamlTo(kind: 'map' | 'slice') {
  return (s: string): GoValue => {
    let data: unknown;
    try {
      data = parse(s);
    } catch (error) {
      throw new Error(
        `error converting YAML to JSON: yaml: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    if (data === null || data === undefined) return kind === 'map' ? {} : [];
    const ok = kind === 'map' ? isMap(data as GoValue) : Array.isArray(data);
    if (!ok) {
      const found = Array.isArray(data)
        ? 'array'
        : typeof data === 'object'
          ? 'object'
          : typeof data;
      const target = kind === 'map' ? 'map[string]interface {}' : '[]interface {}';
      throw new Error(
        `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${found} into Go value of type ${target}`,
      );
    }
    return jsonNumbersAsFloat64(JSON.parse(JSON.stringify(data)) as GoValue);
  };
}

export const argocdFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['normalize', def(['string'], normalize)],
  ['slugify', def([], slugify, 'any')],
  ['toYaml', def(['any'], toYaml)],
  ['fromYaml', def(['string'], fromYamlTo('map'))],
  ['fromYamlArray', def(['string'], fromYamlTo('slice'))],
];
