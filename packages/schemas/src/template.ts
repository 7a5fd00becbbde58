// A schema location template, as kubeconform reads it with Go's text/template. kubeconform's
// templates only ever reference fields of one flat struct, so this expander understands field
// references ({{ .Name }}, with Go's {{- and -}} whitespace trimming) and comments, and
// rejects every other action at parse time instead of carrying a Go template engine.

export const TEMPLATE_VARIABLES = [
  'NormalizedKubernetesVersion',
  'StrictSuffix',
  'ResourceKind',
  'ResourceAPIVersion',
  'Group',
  'KindSuffix',
] as const;

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Readonly<Record<TemplateVariable, string>>;

/** A parsed template: literal text and variable references, in order. */
export type TemplatePart = { text: string } | { variable: TemplateVariable };

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const isVariable = (name: string): name is TemplateVariable =>
  (TEMPLATE_VARIABLES as readonly string[]).includes(name);

// Go's trim markers need ASCII whitespace next to the dash: "{{- " and " -}}".
const LEFT_TRIM = /^-[ \t\r\n]/;
const RIGHT_TRIM = /[ \t\r\n]-$/;

export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = '';
  let trimNextText = false;
  let index = 0;
  while (index < template.length) {
    const open = template.indexOf('{{', index);
    const literal = open === -1 ? template.slice(index) : template.slice(index, open);
    text += trimNextText ? literal.trimStart() : literal;
    trimNextText = false;
    if (open === -1) break;
    const close = template.indexOf('}}', open + 2);
    if (close === -1) {
      throw new TemplateError(`unclosed action at offset ${open}: "${template.slice(open)}"`);
    }
    let inner = template.slice(open + 2, close);
    if (LEFT_TRIM.test(inner)) {
      text = text.trimEnd();
      inner = inner.slice(1);
    }
    if (RIGHT_TRIM.test(inner)) {
      trimNextText = true;
      inner = inner.slice(0, -1);
    }
    const action = inner.trim();
    const field = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(action);
    if (field && isVariable(field[1]!)) {
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ variable: field[1] });
    } else if (!/^\/\*[\s\S]*\*\/$/.test(action)) {
      const known = TEMPLATE_VARIABLES.map((name) => `.${name}`).join(', ');
      throw new TemplateError(
        field
          ? `unknown field ${action} at offset ${open}; the fields are ${known}`
          : `unsupported action "{{${inner}}}" at offset ${open}; only field references (${known}) are supported`,
      );
    }
    index = close + 2;
  }
  if (text !== '') parts.push({ text });
  return parts;
}

export function expandTemplate(parts: readonly TemplatePart[], values: TemplateValues): string {
  return parts.map((part) => ('text' in part ? part.text : values[part.variable])).join('');
}

export const hasVariables = (parts: readonly TemplatePart[]): boolean =>
  parts.some((part) => 'variable' in part);
