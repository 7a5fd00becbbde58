import jsyaml from 'js-yaml';

/**
 * How a plain (unquoted) scalar of a Kubernetes manifest resolves: the `yaml` library's
 * YAML 1.1 rules in the dialect of yaml-dialect.ts, as js-yaml types so that js-yaml
 * reads the fast path (fast-yaml.ts) and block-yaml.ts resolves by the very same rules.
 */
// The `yaml` library's YAML 1.1 scalar rules, in its order of precedence.
const nullPattern = /^(?:~|[Nn]ull|NULL)?$/;
const truePattern = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const falsePattern = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const intForms: ReadonlyArray<{ pattern: RegExp; prefix: number; radix: number }> = [
  { pattern: /^[-+]?0b[0-1_]+$/, prefix: 2, radix: 2 },
  { pattern: /^[-+]?0[0-7_]+$/, prefix: 1, radix: 8 },
  { pattern: /^[-+]?[0-9][0-9_]*$/, prefix: 0, radix: 10 },
  { pattern: /^[-+]?0x[0-9a-fA-F_]+$/, prefix: 2, radix: 16 },
];
const specialFloat = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
/**
 * The two float forms, stricter than the `yaml` library's: a float has a digit before or
 * after its point. go-yaml v2 parses with Go's ParseFloat, which refuses `.`, `-.` or
 * `.e3`, so those are strings to Kubernetes (`path: .` is a directory) and must be here;
 * yaml-dialect.ts gives the careful reader the same two patterns.
 */
export const exponentFloat =
  /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]*[0-9][0-9_]*)[eE][-+]?[0-9]+$/;
export const plainFloat = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]*[0-9][0-9_]*)$/;

/** Every number form starts with a digit, a sign or a dot; most scalars are words. */
function startsLikeNumber(data: string): boolean {
  const first = data.charCodeAt(0);
  return (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
}

const nullType = new jsyaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string) => data.length <= 4 && nullPattern.test(data),
  construct: () => null,
});

const boolType = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) =>
    data.length <= 5 && (truePattern.test(data) || falsePattern.test(data)),
  construct: (data: string) => truePattern.test(data),
});

type IntForm = (typeof intForms)[number];

/** The integer form a scalar is written in, if any. */
function intFormOf(data: string): IntForm | undefined {
  return startsLikeNumber(data) ? intForms.find((form) => form.pattern.test(data)) : undefined;
}

function intValue(data: string, form: IntForm): number {
  const signed = data[0] === '-' || data[0] === '+';
  const digits = data.substring(form.prefix + (signed ? 1 : 0)).replace(/_/g, '');
  const n = Number.parseInt(digits, form.radix);
  return data[0] === '-' ? -1 * n : n;
}

/** Whether a scalar that is no integer is a float. */
function isFloat(data: string): boolean {
  return specialFloat.test(data) || exponentFloat.test(data) || plainFloat.test(data);
}

function floatValue(data: string): number {
  if (specialFloat.test(data)) {
    if (data.slice(-3).toLowerCase() === 'nan') return Number.NaN;
    return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return Number.parseFloat(data.replace(/_/g, ''));
}

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) => intFormOf(data) !== undefined,
  construct: (data: string) => intValue(data, intFormOf(data)!),
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) => startsLikeNumber(data) && !intFormOf(data) && isFloat(data),
  construct: floatValue,
});

/** The implicit types in js-yaml's order of trial: the first that resolves wins. */
export const plainScalarTypes = [nullType, boolType, intType, floatType] as const;

/**
 * The first characters a null, a boolean or a number can start with (the patterns above):
 * a scalar starting otherwise, as most keys and values do, is text without a trial.
 */
const resolvableStart = new Set([...'~nNyYtTfFoO0123456789+-.'].map((c) => c.charCodeAt(0)));

/**
 * Every character of every number form above (digits, signs, `_`, `.`, hex digits, the
 * `x`, `o`, `b` and `e` of prefixes and exponents, and `.inf`, `.nan`): a scalar that
 * starts like a number but holds anything else (`10.0.0.0/16`, `1.36.1-rc`) is text.
 */
const numberCharacters = /^[-+0-9_.a-fA-FxXoOiInN]+$/;

/**
 * What a plain scalar means: null, a boolean, a number, or the text itself, by the types
 * above. Null and boolean forms start with a letter or `~`, numbers with a digit, a sign
 * or a dot, so a scalar's first character says which to try; an integer's form is found
 * once, for both the test and the value.
 */
export function resolvePlainScalar(data: string): unknown {
  if (data.length > 0 && !resolvableStart.has(data.charCodeAt(0))) return data;
  if (startsLikeNumber(data)) {
    if (!numberCharacters.test(data)) return data;
    const form = intFormOf(data);
    if (form) return intValue(data, form);
    return isFloat(data) ? floatValue(data) : data;
  }
  if (nullType.resolve(data)) return null;
  if (boolType.resolve(data)) return truePattern.test(data);
  return data;
}
