/** Sprig's semver and semverCompare (Masterminds/semver v3 rules, via the npm semver ranges). */
import semver from 'semver';
import { GoNumber, GoStruct } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';

const VERSION =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

interface Parsed {
  major: number;
  minor: number;
  patch: number;
  pre: string;
  meta: string;
  original: string;
}

function parse(version: string): Parsed {
  const m = VERSION.exec(version);
  if (!m) throw new Error('Invalid Semantic Version');
  return {
    major: Number(m[1]),
    minor: Number(m[2]?.slice(1) ?? 0),
    patch: Number(m[3]?.slice(1) ?? 0),
    pre: m[5] ?? '',
    meta: m[8] ?? '',
    original: version,
  };
}

function canonical(v: Parsed): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}`;
}

function toStruct(v: Parsed): GoStruct {
  const text = canonical(v) + (v.meta ? `+${v.meta}` : '');
  const u = (n: number) => () => new GoNumber('uint64', n);
  return new GoStruct(
    '*semver.Version',
    {},
    {
      Major: u(v.major),
      Minor: u(v.minor),
      Patch: u(v.patch),
      Prerelease: () => v.pre,
      Metadata: () => v.meta,
      Original: () => v.original,
      String: () => text,
    },
    () => text,
  );
}

/** Masterminds constraint syntax → an npm range: "," is AND, "=<" and "~>" are aliases. */
function toRange(constraint: string): string {
  return constraint
    .replaceAll(',', ' ')
    .replaceAll('=<', '<=')
    .replaceAll('~>', '~')
    .replace(/(\d)\s*-\s*(\d)/g, '$1 - $2');
}

function compare(constraint: string, version: string): boolean {
  const range = toRange(constraint);
  if (semver.validRange(range) === null) throw new Error(`improper constraint: ${constraint}`);
  const v = canonical(parse(version));
  return semver.satisfies(v, range);
}

export const semverFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['semver', def(['string'], (s: string) => toStruct(parse(s)))],
  ['semverCompare', def(['string', 'string'], compare)],
];
