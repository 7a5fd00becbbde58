export { DiskCache } from './cache.ts';
export {
  type ConversionOptions,
  CrdError,
  type CrdSchema,
  crdSchemas,
  isCustomResourceDefinition,
  toJsonSchema,
} from './crd.ts';
export { HttpClient, type HttpOptions, type HttpResponse, retryAfterMs } from './http.ts';
export {
  type JsonSchema,
  type Loaded,
  type LoaderOptions,
  loadFile,
  NOT_FOUND_TTL_MS,
  SchemaLoader,
} from './loader.ts';
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
  CORE_SCHEMA_DIALECT,
  OpenApiError,
  type OpenApiSchema,
  openApiSchemas,
} from './openapi.ts';
export {
  DEFAULT_LOCATIONS,
  groupVersion,
  type RegistryOptions,
  type ResourceType,
  type SchemaForOptions,
  SchemaRegistry,
  type SchemaResult,
} from './registry.ts';
export {
  headersFor,
  parseSchemaHeader,
  redact,
  type SchemaHeader,
  SchemaHeaderError,
} from './schema-header.ts';
export {
  expandTemplate,
  type ParsedTemplate,
  parseTemplate,
  TEMPLATE_VARIABLES,
  TemplateError,
  type TemplateValues,
  type TemplateVariable,
} from './template.ts';
