export { actionsCacheStore } from './actions-cache.ts';
export {
  downloadsSchemas,
  effectiveLocations,
  keyPrefix,
  type RunIdentity,
  type SchemaCacheKeys,
  type SchemaSource,
  schemaCacheKeys,
} from './key.ts';
export { type CacheLog, type CacheStore, withSchemaCache } from './persist.ts';
export {
  defaultFolderName,
  planSchemaCache,
  type SchemaCachePlan,
  type SchemaCacheRequest,
} from './plan.ts';
