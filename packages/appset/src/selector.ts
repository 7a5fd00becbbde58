import { GeneratorError } from './errors.ts';
import { isPlainObject } from './params.ts';

/** A Kubernetes `metav1.LabelSelector` as written in an ApplicationSet. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

/**
 * Compiles a label selector into a predicate, with the apimachinery rules Argo CD's copy
 * keeps: an empty selector matches everything, In/NotIn need values, Exists/DoesNotExist
 * take none. Throws Argo CD's error for an unknown operator.
 */
export function compileSelector(selector: unknown): (labels: Record<string, string>) => boolean {
  if (!isPlainObject(selector)) return () => true;
  const requirements: Requirement[] = [];
  const matchLabels = isPlainObject(selector.matchLabels) ? selector.matchLabels : {};
  for (const [key, value] of Object.entries(matchLabels)) {
    const wanted = String(value);
    requirements.push((labels) => Object.hasOwn(labels, key) && labels[key] === wanted);
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const expression of expressions) {
    if (!isPlainObject(expression)) continue;
    const key = String(expression.key ?? '');
    const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
    const operator = String(expression.operator ?? '');
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          throw new GeneratorError(
            `values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty`,
          );
        requirements.push(
          operator === 'In'
            ? (labels) => Object.hasOwn(labels, key) && values.includes(labels[key]!)
            : (labels) => !Object.hasOwn(labels, key) || !values.includes(labels[key]!),
        );
        break;
      case 'Exists':
        requirements.push((labels) => Object.hasOwn(labels, key));
        break;
      case 'DoesNotExist':
        requirements.push((labels) => !Object.hasOwn(labels, key));
        break;
      default:
        throw new GeneratorError(`"${operator}" is not a valid pod selector operator`);
    }
  }
  return (labels) => requirements.every((requirement) => requirement(labels));
}

/** True when the selector names at least one label or expression. */
export function selectorIsEmpty(selector: unknown): boolean {
  if (!isPlainObject(selector)) return true;
  const labels = isPlainObject(selector.matchLabels) ? Object.keys(selector.matchLabels) : [];
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return labels.length === 0 && expressions.length === 0;
}
