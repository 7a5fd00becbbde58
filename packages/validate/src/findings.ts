import {
  type Finding,
  isObject,
  type JsonPath,
  type Location,
  type Resource,
  splitApiVersion,
} from '@fleetops/core';
import { type ReferenceOptions, referenceFindings } from './references.ts';
import type { ValidationResult } from './run.ts';
import { jsonPointer, type SchemaError } from './schema-errors.ts';
import type { Reason } from './validator.ts';

const ruleOf: Partial<Record<Reason, string>> = {
  invalid: 'validate/schema',
  'schema-not-found': 'validate/schema-not-found',
  'schema-error': 'validate/schema-unavailable',
  rejected: 'validate/rejected',
  'missing-type': 'validate/missing-type',
  'parse-error': 'validate/yaml',
  'duplicate-key': 'validate/yaml',
  unreadable: 'validate/unreadable',
};

/**
 * The findings of results: one per schema error at the exact field (a missing property at the
 * object that lacks it, an unknown property at its key), one per failed resource otherwise.
 * Valid, skipped and empty results give none.
 */
export function resultFindings(result: ValidationResult): Finding[] {
  const ruleId = ruleOf[result.reason];
  if (!ruleId) return [];
  const subject = describe(result);
  const data = {
    kind: result.signature.kind,
    apiVersion: result.signature.version,
    name: result.signature.name,
    status: result.status,
  };
  if (result.reason === 'invalid' && result.causes && result.locate) {
    const locate = result.locate;
    return leaves(result.causes).flatMap((error) =>
      schemaFindings(error, locate).map(({ location, message, path }) => ({
        ruleId,
        severity: 'error' as const,
        message: `${subject}${message}`,
        location,
        data: { ...data, path, ...(result.schemaSource ? { schema: result.schemaSource } : {}) },
      })),
    );
  }
  const location = result.location ?? result.locate?.() ?? { file: result.file };
  return [
    { ruleId, severity: 'error', message: `${subject}${result.error ?? ''}`, location, data },
  ];
}

function describe(result: ValidationResult): string {
  const { kind, name } = result.signature;
  if (kind === '') return '';
  return name === '' ? `${kind}: ` : `${kind} ${name}: `;
}

/** The errors worth a finding each: "validation failed" groups are opened. */
function leaves(errors: readonly SchemaError[]): SchemaError[] {
  return errors.flatMap((error) => (error.keyword === 'group' ? leaves(error.causes) : [error]));
}

function schemaFindings(
  error: SchemaError,
  locate: (path?: JsonPath, options?: { key?: boolean }) => Location,
): { location: Location; message: string; path: string }[] {
  const pointer = jsonPointer(error.path);
  if (error.keyword === 'additionalProperties' && error.properties) {
    // One finding per unknown field, at its key: that is the line to delete or fix.
    return error.properties.map((name) => {
      const path = [...error.path, name];
      return {
        location: locate(path, { key: true }),
        message: `${jsonPointer(path)}: unknown field ${JSON.stringify(name)} (${error.message})`,
        path: jsonPointer(path),
      };
    });
  }
  let message = error.message;
  if (error.causes.length > 0)
    message += ` (${leaves(error.causes)
      .map((c) => c.message)
      .join('; ')})`;
  // A missing property points at the key of the object that lacks it (`spec:`), the line a
  // reader looks for; other errors point at the offending value.
  const atKey = error.keyword === 'required' && typeof error.path.at(-1) === 'string';
  const location = locate(error.path, { key: atKey });
  return [{ location, message: `${pointer || '/'}: ${message}`, path: pointer }];
}

export interface RunFindingsOptions {
  /**
   * Check the cross-references among the resources read (dangling infrastructureRef,
   * Application project...), with these options; off when absent.
   */
  readonly references?: ReferenceOptions;
}

/** Every finding of a run, in the order of the results, then its dangling references. */
export function runFindings(
  results: readonly ValidationResult[],
  options: RunFindingsOptions = {},
): Finding[] {
  const findings = results.flatMap(resultFindings);
  if (options.references) findings.push(...referenceRunFindings(results, options.references));
  return findings;
}

/**
 * The dangling references among the resources of a run (a Cluster's infrastructureRef, an
 * Application's project or destination), each at the field that names the missing object.
 * Every decoded resource counts as a target, whatever its validation status.
 */
export function referenceRunFindings(
  results: readonly ValidationResult[],
  options: ReferenceOptions = {},
): Finding[] {
  const locators = new Map<Resource, NonNullable<ValidationResult['locate']>>();
  const documents = new Map<string, number>();
  const resources: Resource[] = [];
  for (const result of results) {
    const object = result.object;
    if (!object || !result.locate) continue;
    const documentIndex = documents.get(result.file) ?? 0;
    documents.set(result.file, documentIndex + 1);
    const { apiVersion, kind } = object;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue;
    const metadata = isObject(object.metadata) ? object.metadata : {};
    const resource: Resource = {
      apiVersion,
      ...splitApiVersion(apiVersion),
      kind,
      name: typeof metadata.name === 'string' ? metadata.name : '',
      object,
      file: result.file,
      documentIndex,
      path: [],
    };
    if (typeof metadata.namespace === 'string' && metadata.namespace !== '')
      resource.namespace = metadata.namespace;
    resources.push(resource);
    locators.set(resource, result.locate);
  }
  return referenceFindings(
    resources,
    (resource, path, locateOptions) =>
      locators.get(resource)?.(path, locateOptions) ?? { file: resource.file },
    options,
  );
}
