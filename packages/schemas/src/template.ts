// A schema location template, expanded as kubeconform expands it: Go's text/template
// (template.New("tpl").Parse, then Execute over a struct of six string fields) with Go's
// builtin functions only — kubeconform registers none of its own. So `{{ .ResourceKind }}`,
// `{{ if .StrictSuffix }}-strict{{ end }}` and pipelines such as `{{ .Group | printf "%s" }}`
// all work. The template is parsed, and tried once, when the location is read, so a bad one
// fails at start-up naming the location rather than once per resource.
import { GoStruct, TemplateError as GoTemplateError, Template } from '@fleetops/gotemplate';

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

/** A parsed location template. */
export interface ParsedTemplate {
  readonly text: string;
  readonly template: Template;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

// kubeconform's template data is an anonymous struct: an unknown field is Go's "can't evaluate
// field" error, not a missing map key.
const TYPE_NAME = `struct { ${TEMPLATE_VARIABLES.map((name) => `${name} string`).join('; ')} }`;
const data = (values: TemplateValues) => new GoStruct(TYPE_NAME, { ...values });

// Two value sets that differ in every variable: a template whose output is the same for both
// uses none of them (one fixed schema for every resource).
const SAMPLES: readonly TemplateValues[] = [
  {
    NormalizedKubernetesVersion: 'master',
    StrictSuffix: '',
    ResourceKind: 'pod',
    ResourceAPIVersion: 'v1',
    Group: 'v1',
    KindSuffix: '-v1',
  },
  {
    NormalizedKubernetesVersion: 'v1.30.10',
    StrictSuffix: '-strict',
    ResourceKind: 'deployment',
    ResourceAPIVersion: 'v1beta2',
    Group: 'apps.example.com',
    KindSuffix: '-apps-v1beta2',
  },
];

const fields = TEMPLATE_VARIABLES.map((name) => `.${name}`).join(', ');

/** Parses and tries a template; throws a TemplateError with Go's message. */
export function parseTemplate(text: string): ParsedTemplate {
  let template: Template;
  try {
    template = Template.parse(text, { funcs: 'go', missingKey: 'default', name: 'tpl' });
  } catch (error) {
    throw new TemplateError(messageOf(error));
  }
  const parsed = { text, template };
  for (const sample of SAMPLES) expandTemplate(parsed, sample);
  return parsed;
}

/** Expands a template; throws a TemplateError with Go's message when execution fails. */
export function expandTemplate(parsed: ParsedTemplate, values: TemplateValues): string {
  try {
    return parsed.template.execute(data(values));
  } catch (error) {
    const message = messageOf(error);
    const unknown = /can't evaluate field (\w+)/.exec(message);
    throw new TemplateError(
      unknown ? `unknown field .${unknown[1]}; the fields are ${fields} (${message})` : message,
    );
  }
}

/** Whether the expansion depends on the values (false: one fixed schema for every resource). */
export const hasVariables = (parsed: ParsedTemplate): boolean =>
  new Set(SAMPLES.map((sample) => expandTemplate(parsed, sample))).size > 1;

function messageOf(error: unknown): string {
  if (error instanceof GoTemplateError || error instanceof Error) return error.message;
  return String(error);
}
