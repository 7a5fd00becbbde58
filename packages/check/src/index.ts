export { type CheckResult, checkReport } from '@fleetops/fleet';
export { applicationSetRules, renderApplicationSets } from './applicationsets.ts';
export { type CheckOptions, checkRepository, jobRules, runCheck } from './check.ts';
export {
  SchemaSourceError,
  schemasOffRule,
  type ValidationOverrides,
  validationFindings,
} from './validation.ts';
