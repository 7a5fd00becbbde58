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
/** Directives, explicit document ends, and null or empty mapping keys (js-yaml names them "null", the careful path ""). */
const unusualLine = /^(?:%|\.\.\.(?:\s|$)|[ \t-]*(?:~|null|Null|NULL)?[ \t]*:(?:\s|$))/m;

function mayNeedCarefulPath(text: string): boolean {
  return text.includes('{{') || (text.includes('*') && alias.test(text)) || unusualLine.test(text);
}

const documentMarker = /^---(?=\s|$)/;

/**
 * Where each document's content starts: the first line that is not blank or a comment,
 * or the `---` marker of an empty document. A prefix of only comments before the first
 * marker is no document; content after a marker on its line starts there.
 */
function documentStarts(text: string): { line: number; column: number }[] {
  const lines = text.split('\n');
  const starts: { line: number; column: number }[] = [];
  let open: { line: number; column: number; explicit: boolean } | undefined = {
    line: 1,
    column: 1,
    explicit: false,
  };
  let content = false;
  const close = () => {
    // An empty document sits just after its `---`, where the careful reader places it.
    if (open && (open.explicit || content))
      starts.push({ line: open.line, column: content ? open.column : 4 });
  };
  for (const [i, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (documentMarker.test(line)) {
      close();
      const rest = line.slice(3).search(/\S/);
      const inline = rest !== -1 && line[3 + rest] !== '#';
      open = { line: i + 1, column: inline ? 4 + rest : 1, explicit: true };
      content = inline;
      continue;
    }
    const first = line.search(/\S/);
    if (first === -1 || line[first] === '#' || content) continue;
    if (open) {
      if (!open.explicit || !content)
        open = { line: i + 1, column: first + 1, explicit: open.explicit };
      content = true;
    }
  }
  close();
  return starts;
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
