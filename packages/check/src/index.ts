export { type CheckResult, checkReport } from '@fleetops/fleet';
export { applicationSetRules, renderApplicationSets } from './applicationsets.ts';
export { checkRepository, jobRules, runCheck } from './check.ts';
export { validationFindings } from './validation.ts';
