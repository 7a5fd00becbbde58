/**
 * Template data from a file: JSON or YAML text (JSON is YAML) read into JSON-like values.
 * Here rather than in the CLI so every caller decodes data the same way.
 */
import { parse } from 'yaml';
import { type GoValue, jsonNumbersAsFloat64 } from './value.ts';

export interface DataOptions {
  /** Decode every number as float64, as Argo CD's encoding/json decoding of parameters does. */
  jsonNumbers?: boolean;
}

/** Parses JSON or YAML; throws the YAML parser's error (with line and column) on bad input. */
export function parseData(text: string, options: DataOptions = {}): GoValue {
  const data = (parse(text) ?? null) as GoValue;
  return options.jsonNumbers ? jsonNumbersAsFloat64(data) : data;
}
