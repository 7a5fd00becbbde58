import type { JsonPath, Location } from '@fleetops/core';
import type { ValidationResult } from './result.ts';
import type { SchemaError } from './schema-errors.ts';
import type { KubeconformValidationError, Reason, Status } from './validator.ts';

// Results as they cross from a worker thread to the main thread. Structured cloning 50,000
// result objects costs the receiving thread about 0.4 s, as much as the work it spares; the
// same results as short tuples, with the schema's source named once per batch, cost 15 ms.
// The file is the unit's; `locate` is rebuilt by the main thread from its copy of the text.

/** What only some results carry: failures, List items, decoded resources. */
interface Extra {
  readonly error?: string;
  readonly causes?: readonly SchemaError[];
  readonly validationErrors?: readonly KubeconformValidationError[];
  readonly location?: Location;
  /** A List item's path in its document. */
  readonly path?: JsonPath;
  readonly object?: Record<string, unknown>;
}

/**
 * status × reason, kind, apiVersion, namespace, name, schema source (index in the batch's
 * list, -1 for none), document of the file (-1 for results without a resource), extra.
 */
export type WireResult = [
  code: number,
  kind: string,
  version: string,
  namespace: string,
  name: string,
  source: number,
  document: number,
  extra?: Extra,
];

const statuses: readonly Status[] = ['valid', 'invalid', 'error', 'skipped', 'empty'];
const reasonCodes: Record<Reason, number> = {
  valid: 0,
  invalid: 1,
  empty: 2,
  skipped: 3,
  'missing-schema': 4,
  rejected: 5,
  'schema-not-found': 6,
  'schema-error': 7,
  'missing-type': 8,
  'parse-error': 9,
  'duplicate-key': 10,
  unreadable: 11,
};
const reasons = Object.keys(reasonCodes) as Reason[];

/** Encodes the results of one batch; `sources` goes along with them. */
export class WireEncoder {
  readonly sources: string[] = [];
  readonly #sourceIndex = new Map<string, number>();

  /** A result; `document` and `path` say where its resource is, if it has one. */
  encode(result: ValidationResult, document?: number, path?: JsonPath): WireResult {
    const { signature: s, schemaSource } = result;
    const code = statuses.indexOf(result.status) * 16 + reasonCodes[result.reason];
    const row: WireResult = [code, s.kind, s.version, s.namespace, s.name, -1, document ?? -1];
    if (schemaSource !== undefined) {
      let index = this.#sourceIndex.get(schemaSource);
      if (index === undefined) {
        index = this.sources.push(schemaSource) - 1;
        this.#sourceIndex.set(schemaSource, index);
      }
      row[5] = index;
    }
    const extra: { -readonly [K in keyof Extra]: Extra[K] } = {};
    if (result.error !== undefined) extra.error = result.error;
    if (result.causes !== undefined) extra.causes = result.causes;
    if (result.validationErrors !== undefined) extra.validationErrors = result.validationErrors;
    if (result.location !== undefined) extra.location = result.location;
    if (path !== undefined && path.length > 0) extra.path = path;
    if (result.object !== undefined) extra.object = result.object;
    if (Object.keys(extra).length > 0) row[7] = extra;
    return row;
  }
}

/**
 * A result back from the wire. `locate(document, path)` gives the locator of a resource of
 * the file; results without a resource have none.
 */
export function decodeResult(
  row: WireResult,
  sources: readonly string[],
  file: string,
  locate: (document: number, path: JsonPath) => NonNullable<ValidationResult['locate']>,
): ValidationResult {
  const [code, kind, version, namespace, name, source, document, extra = {}] = row;
  const result: { -readonly [K in keyof ValidationResult]: ValidationResult[K] } = {
    status: statuses[code >> 4]!,
    reason: reasons[code & 15]!,
    signature: { kind, version, namespace, name },
    file,
  };
  if (extra.error !== undefined) result.error = extra.error;
  if (extra.causes !== undefined) result.causes = extra.causes;
  if (extra.validationErrors !== undefined) result.validationErrors = extra.validationErrors;
  if (source >= 0) result.schemaSource = sources[source]!;
  if (extra.location !== undefined) result.location = extra.location;
  if (document >= 0) result.locate = locate(document, extra.path ?? []);
  if (extra.object !== undefined) result.object = extra.object;
  return result;
}
