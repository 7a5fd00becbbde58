import jsyaml from 'js-yaml';
import type { ParsedSource, SourceDocument, SourceSyntax } from './document.ts';

/**
 * The fast path of loading. js-yaml turns text into values about ten times faster than
 * the `yaml` library builds its document tree, and loading is most of every run. It is
 * used only where its answer is known to equal the careful path's (document.ts): the
 * scalar rules below are the same regular expressions as the `yaml` library's YAML 1.1
 * schema in the dialect of yaml-dialect.ts, and anything unusual — a parse error, a
 * duplicate key, an alias (bounded expansion), a Go template, directives, explicit
 * document ends — returns undefined so the careful path reads the file instead.
 */
export function parseFast(text: string, syntax: SourceSyntax): ParsedSource | undefined {
  if (mayNeedCarefulPath(text)) return undefined;
  const starts = documentStarts(text);
  if (!starts) return undefined;
  let values: unknown[];
  try {
    values = jsyaml.loadAll(text, null, {
      schema: syntax === 'json' ? jsonSchema : kubernetesSchema,
    });
  } catch {
    return undefined;
  }
  // js-yaml reads a file of only comments as one null document; the careful path as none.
  if (starts.length === 0 && values.length === 1 && values[0] == null) values = [];
  if (values.length !== starts.length) return undefined;
  const documents = values.map((value, index): SourceDocument => {
    const { line, column } = starts[index]!;
    const empty = value === null || value === undefined;
    return { index, value: empty ? undefined : value, empty, line, column };
  });
  return { documents, problems: [], helmTemplate: false };
}

/** Aliases: `*name` after a space, `[`, `{` or `,`. */
const alias = /(?:^|[\s,[{])\*[^\s,\]}]/m;
/** An empty or null mapping key: js-yaml names it "null", the careful path "". */
const nullKey = /^[ \t-]*(?:~|null|Null|NULL)?[ \t]*:(?:\s|$)/;

function mayNeedCarefulPath(text: string): boolean {
  return text.includes('{{') || (text.includes('*') && alias.test(text));
}

type Start = { line: number; column: number };

/**
 * One pass over the lines, without splitting the text: where each document's content
 * starts (the first line that is not blank or a comment, or the `---` marker of an empty
 * document; a prefix of only comments is no document; content after a marker on its line
 * starts there). Undefined when a line is one the fast path leaves to the careful one: a
 * directive (`%`), an explicit document end (`...`) or a null key.
 */
function documentStarts(text: string): Start[] | undefined {
  const starts: Start[] = [];
  let open: Start & { explicit: boolean } = { line: 1, column: 1, explicit: false };
  let content = false;
  const close = () => {
    // An empty document sits just after its `---`, where the careful reader places it.
    if (open.explicit || content)
      starts.push({ line: open.line, column: content ? open.column : 4 });
  };
  let line = 0;
  for (let from = 0; from <= text.length; ) {
    line++;
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const end = to > from && text.charCodeAt(to - 1) === 13 ? to - 1 : to;
    const start = from;
    from = to + 1;
    if (startsWithMarker(text, start, end, '---')) {
      close();
      const rest = firstNonBlank(text, start + 3, end);
      const inline = rest !== -1 && text.charCodeAt(rest) !== hash;
      open = { line, column: inline ? rest - start + 1 : 1, explicit: true };
      content = inline;
      continue;
    }
    const first = firstNonBlank(text, start, end);
    if (first === -1 || text.charCodeAt(first) === hash) continue;
    if (isUnusualLine(text, start, first, end)) return undefined;
    if (content) continue;
    open = { line, column: first - start + 1, explicit: open.explicit };
    content = true;
  }
  close();
  return starts;
}

const hash = 35;
const percent = 37;

function isUnusualLine(text: string, start: number, first: number, end: number): boolean {
  if (
    first === start &&
    (text.charCodeAt(first) === percent || startsWithMarker(text, start, end, '...'))
  )
    return true;
  const code = text[first];
  const mayBeNullKey = code === '-' || code === '~' || code === 'n' || code === 'N' || code === ':';
  return mayBeNullKey && nullKey.test(text.slice(start, end));
}

/** `---` or `...` at the start of a line, followed by whitespace or the line's end. */
function startsWithMarker(text: string, start: number, end: number, marker: string): boolean {
  if (!text.startsWith(marker, start)) return false;
  const next = start + 3;
  return next >= end || isBlank(text.charCodeAt(next));
}

function firstNonBlank(text: string, from: number, end: number): number {
  for (let i = from; i < end; i++) if (!isBlank(text.charCodeAt(i))) return i;
  return -1;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12 || code === 11;
}

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
const exponentFloat = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const plainFloat = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;

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

const intType = new jsyaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string) =>
    startsLikeNumber(data) && intForms.some((form) => form.pattern.test(data)),
  construct: (data: string) => {
    const form = intForms.find((candidate) => candidate.pattern.test(data))!;
    const signed = data[0] === '-' || data[0] === '+';
    const digits = data.substring(form.prefix + (signed ? 1 : 0)).replace(/_/g, '');
    const n = Number.parseInt(digits, form.radix);
    return data[0] === '-' ? -1 * n : n;
  },
});

const floatType = new jsyaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string) =>
    startsLikeNumber(data) &&
    !intForms.some((form) => form.pattern.test(data)) &&
    (specialFloat.test(data) || exponentFloat.test(data) || plainFloat.test(data)),
  construct: (data: string) => {
    if (specialFloat.test(data)) {
      if (data.slice(-3).toLowerCase() === 'nan') return Number.NaN;
      return data[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    return Number.parseFloat(data.replace(/_/g, ''));
  },
});

// js-yaml exports its built-in types at run time; its type declarations leave them out.
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types;

const kubernetesSchema = jsyaml.FAILSAFE_SCHEMA.extend({
  implicit: [nullType, boolType, intType, floatType, merge],
});

/** JSON documents hold only JSON scalars, which YAML 1.2's core schema reads alike. */
const jsonSchema = jsyaml.CORE_SCHEMA;
