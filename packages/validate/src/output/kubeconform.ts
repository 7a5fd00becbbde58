import { goFloatG, goJsonIndent, goXmlEscape } from '../go.ts';
import type { ValidationResult } from '../run.ts';
import { qualifiedName } from '../signature.ts';

// kubeconform's outputs (pkg/output), byte for byte: the same lines, the same summary with
// its quirks ("0 resource found", "Skipped" lines naming the name before the kind), the
// same JSON (Go's encoding, only failures unless verbose), JUnit (Go's encoding/xml) and TAP.

export const kubeconformFormats = ['json', 'junit', 'pretty', 'tap', 'text'] as const;
export type KubeconformFormat = (typeof kubeconformFormats)[number];

export interface OutputOptions {
  readonly summary?: boolean;
  readonly verbose?: boolean;
  /** Resources came from standard input: the summary says "parsing stdin". */
  readonly stdin?: boolean;
  /** Run time for JUnit's `time` attribute. */
  readonly seconds?: number;
}

export function isKubeconformFormat(value: string): value is KubeconformFormat {
  return (kubeconformFormats as readonly string[]).includes(value);
}

export function renderKubeconform(
  format: KubeconformFormat,
  results: readonly ValidationResult[],
  options: OutputOptions = {},
): string {
  switch (format) {
    case 'text':
      return renderText(results, options, false);
    case 'pretty':
      return renderText(results, options, true);
    case 'json':
      return renderJson(results, options);
    case 'junit':
      return renderJunit(results, options);
    case 'tap':
      return renderTap(results);
  }
}

interface Counts {
  valid: number;
  invalid: number;
  errors: number;
  skipped: number;
}

function count(results: readonly ValidationResult[]): Counts {
  const counts = { valid: 0, invalid: 0, errors: 0, skipped: 0 };
  for (const result of results) {
    if (result.status === 'valid') counts.valid++;
    else if (result.status === 'invalid') counts.invalid++;
    else if (result.status === 'error') counts.errors++;
    else if (result.status === 'skipped') counts.skipped++;
  }
  return counts;
}

const reset = '\x1b[0m';
const red = '\x1b[31m';
const green = '\x1b[32m';
const yellow = '\x1b[33m';
const check = '\u2714';
const cross = '\u2716';

function renderText(
  results: readonly ValidationResult[],
  options: OutputOptions,
  pretty: boolean,
): string {
  let out = '';
  for (const result of results) {
    const { kind, name } = result.signature;
    const { file, error } = result;
    switch (result.status) {
      case 'valid':
        if (!options.verbose) break;
        out += pretty
          ? `${green}${check}${reset} ${file}: ${green}${kind} ${name} is valid${reset}\n`
          : `${file} - ${kind} ${name} is valid\n`;
        break;
      case 'invalid':
        out += pretty
          ? `${red}${cross}${reset} ${file}: ${red}${kind} ${name} is invalid: ${error}${reset}\n`
          : `${file} - ${kind} ${name} is invalid: ${error}\n`;
        break;
      case 'error':
        if (pretty) {
          out += `${red}${cross}${reset} ${file}: `;
          out +=
            kind !== '' && name !== ''
              ? `${red}${kind} failed validation: ${name} ${error}${reset}\n`
              : `${red}failed validation: ${name} ${error}${reset}\n`;
        } else {
          out +=
            kind !== '' && name !== ''
              ? `${file} - ${kind} ${name} failed validation: ${error}\n`
              : `${file} - failed validation: ${error}\n`;
        }
        break;
      case 'skipped':
        if (!options.verbose) break;
        if (!pretty) out += `${file} - ${name} ${kind} skipped\n`;
        else {
          out += `${yellow}-${reset} ${file}: `;
          if (kind !== '' && name !== '') out += `${yellow}${kind} ${name} skipped${reset}\n`;
          else if (kind !== '') out += `${yellow}${kind} skipped${reset}\n`;
          else out += `${yellow}skipped${reset}\n`;
        }
        break;
      case 'empty':
        break;
    }
  }
  if (options.summary) out += summaryLine(results, options);
  return out;
}

function summaryLine(results: readonly ValidationResult[], options: OutputOptions): string {
  const counts = count(results);
  const files = new Set(results.map((result) => result.file)).size;
  const resources = counts.valid + counts.invalid + counts.errors + counts.skipped;
  // kubeconform's plural rule: "s" only above one, so "0 resource found".
  const resourceWord = resources > 1 ? 'resources' : 'resource';
  const tally = `Valid: ${counts.valid}, Invalid: ${counts.invalid}, Errors: ${counts.errors}, Skipped: ${counts.skipped}`;
  return options.stdin
    ? `Summary: ${resources} ${resourceWord} found parsing stdin - ${tally}\n`
    : `Summary: ${resources} ${resourceWord} found in ${files} file${files > 1 ? 's' : ''} - ${tally}\n`;
}

const jsonStatus = {
  valid: 'statusValid',
  invalid: 'statusInvalid',
  error: 'statusError',
  skipped: 'statusSkipped',
  empty: '',
} as const;

function renderJson(results: readonly ValidationResult[], options: OutputOptions): string {
  const resources = results
    .filter(
      (result) =>
        options.verbose ||
        (result.status !== 'valid' && result.status !== 'skipped' && result.status !== 'empty'),
    )
    .map((result) => {
      const entry: Record<string, unknown> = {
        filename: result.file,
        kind: result.signature.kind,
        name: result.signature.name,
        version: result.signature.version,
        status: jsonStatus[result.status],
        msg: result.status === 'invalid' || result.status === 'error' ? (result.error ?? '') : '',
      };
      if (result.validationErrors?.length) entry.validationErrors = result.validationErrors;
      return entry;
    });
  const counts = count(results);
  const body: Record<string, unknown> = { resources };
  if (options.summary)
    body.summary = {
      valid: counts.valid,
      invalid: counts.invalid,
      errors: counts.errors,
      skipped: counts.skipped,
    };
  return `${goJsonIndent(body)}\n`;
}

function renderTap(results: readonly ValidationResult[]): string {
  let out = '';
  for (const [i, result] of results.entries()) {
    const index = i + 1;
    if (index === 1) out += 'TAP version 13\n';
    const name = qualifiedName(result.signature);
    switch (result.status) {
      case 'valid':
        out += `ok ${index} - ${result.file} (${name})\n`;
        break;
      case 'invalid':
        out += `not ok ${index} - ${result.file} (${name}): ${result.error}\n`;
        break;
      case 'empty':
        out += `ok ${index} - ${result.file} (empty)\n`;
        break;
      case 'error':
        out += `not ok ${index} - ${result.file}: ${result.error}\n`;
        break;
      case 'skipped':
        out += `ok ${index} - ${result.file} (${name}) # skip\n`;
        break;
    }
  }
  return `${out}1..${results.length}\n`;
}

interface Suite {
  name: string;
  id: number;
  cases: string[];
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function renderJunit(results: readonly ValidationResult[], options: OutputOptions): string {
  const suites = new Map<string, Suite>();
  const totals = { valid: 0, invalid: 0, errors: 0, skipped: 0 };
  for (const result of results) {
    let suite = suites.get(result.file);
    if (!suite) {
      suite = {
        name: result.file,
        id: suites.size + 1,
        cases: [],
        tests: 0,
        failures: 0,
        errors: 0,
        skipped: 0,
      };
      suites.set(result.file, suite);
    }
    if (result.status === 'empty') continue;
    const sig = result.signature;
    const name = sig.namespace ? `${sig.namespace}/${sig.name}` : sig.name;
    const open = `    <testcase name="${goXmlEscape(name)}" classname="${goXmlEscape(`${sig.kind}@${sig.version}`)}" time="0"`;
    const message = goXmlEscape(result.error ?? '');
    if (result.status === 'valid') {
      suite.cases.push(`${open}></testcase>`);
      totals.valid++;
    } else if (result.status === 'invalid') {
      suite.failures++;
      totals.invalid++;
      suite.cases.push(
        `${open}>\n      <failure message="${message}" type=""></failure>\n    </testcase>`,
      );
    } else if (result.status === 'error') {
      suite.errors++;
      totals.errors++;
      suite.cases.push(
        `${open}>\n      <error message="${message}" type=""></error>\n    </testcase>`,
      );
    } else {
      suite.skipped++;
      totals.skipped++;
      // kubeconform writes <skipped message="">, which the Jenkins JUnit XSD rejects (skipped
      // is a plain string element there); the one deliberate difference from its bytes.
      suite.cases.push(`${open}>\n      <skipped></skipped>\n    </testcase>`);
    }
    suite.tests++;
  }
  const tests = totals.valid + totals.invalid + totals.errors + totals.skipped;
  const time = goFloatG(options.seconds ?? 0);
  let out = `<testsuites name="kubeconform" time="${time}" tests="${tests}" failures="${totals.invalid}" disabled="${totals.skipped}" errors="${totals.errors}">`;
  for (const suite of suites.values()) {
    out += `\n  <testsuite name="${goXmlEscape(suite.name)}" id="${suite.id}" tests="${suite.tests}" failures="${suite.failures}" errors="${suite.errors}" disabled="0" skipped="${suite.skipped}">`;
    for (const testCase of suite.cases) out += `\n${testCase}`;
    out += suite.cases.length > 0 ? '\n  </testsuite>' : '</testsuite>';
  }
  out += suites.size > 0 ? '\n</testsuites>\n' : '</testsuites>\n';
  return out;
}
