export { type DataOptions, parseData } from './data.ts';
export { TemplateError } from './errors.ts';
export type { MissingKey } from './executor.ts';
export { formatValue, sprint, sprintf, sprintln } from './formatter.ts';
export { ARGOCD_REMOVED, type FunctionSet, functionSet, NON_DETERMINISTIC } from './funcs/index.ts';
// Go's path.Clean, which Sprig's `clean` is: also what Argo CD's repo-server applies to paths.
export { cleanPath } from './funcs/sprig/encoding.ts';
export {
  missingKeyOption,
  type RenderOptions,
  render,
  Template,
  type TemplateOptions,
} from './template.ts';
export {
  float64,
  GoNumber,
  GoStruct,
  type GoValue,
  int64,
  jsonNumbersAsFloat64,
  typedSlice,
} from './value.ts';
