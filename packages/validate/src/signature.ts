/**
 * What kubeconform calls a resource's signature: how outputs name it. The values are those of
 * its Signature(): empty strings when a field is missing or not a string, and for an object
 * with only generateName, that prefix followed by `{{ generateName }}`.
 */
export interface Signature {
  readonly kind: string;
  /** The apiVersion as written (kubeconform's "version"). */
  readonly version: string;
  readonly namespace: string;
  readonly name: string;
}

export const emptySignature: Signature = { kind: '', version: '', namespace: '', name: '' };

export function signatureOf(value: unknown): Signature {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return emptySignature;
  const object = value as Record<string, unknown>;
  const metadata =
    object.metadata !== null &&
    typeof object.metadata === 'object' &&
    !Array.isArray(object.metadata)
      ? (object.metadata as Record<string, unknown>)
      : {};
  const text = (field: unknown) => (typeof field === 'string' ? field : '');
  const generateName = metadata.generateName;
  return {
    kind: text(object.kind),
    version: text(object.apiVersion),
    namespace: text(metadata.namespace),
    name:
      typeof generateName === 'string' && generateName !== ''
        ? `${generateName}{{ generateName }}`
        : text(metadata.name),
  };
}

/** kubeconform's QualifiedName, used by TAP: `version/kind/namespace/name`. */
export const qualifiedName = (sig: Signature): string =>
  `${sig.version}/${sig.kind}/${sig.namespace}/${sig.name}`;
