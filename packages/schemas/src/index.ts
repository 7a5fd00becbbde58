export {
  CRDS_CATALOG_LOCATION,
  DEFAULT_LOCATION,
  parseSchemaLocation,
  type SchemaLocation,
  SchemaLocationError,
  STANDARD_PATH,
  schemaUrl,
  type TemplateInput,
  templateValues,
} from './location.ts';
export {
  expandTemplate,
  parseTemplate,
  TEMPLATE_VARIABLES,
  TemplateError,
  type TemplatePart,
  type TemplateValues,
  type TemplateVariable,
} from './template.ts';
