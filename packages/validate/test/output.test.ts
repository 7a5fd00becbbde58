import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { renderKubeconform, type ValidationResult } from '../src/index.ts';
import { emptySignature, type Signature } from '../src/signature.ts';
import { configMap, kubeconform, replicationController, shared } from './fixtures.ts';

const xsd = readFileSync(`${shared}junit/junit.xsd`, 'utf8');

const sig = (kind: string, name: string, version = 'v1', namespace = ''): Signature => ({
  kind,
  name,
  version,
  namespace,
});

/** One result of each status, with characters XML and JSON must escape. */
const results: ValidationResult[] = [
  {
    status: 'valid',
    reason: 'valid',
    file: 'a.yaml',
    signature: sig('ConfigMap', 'cm', 'v1', 'apps'),
  },
  {
    status: 'invalid',
    reason: 'invalid',
    file: 'a.yaml',
    signature: sig('Service', 'svc'),
    error:
      "problem validating schema. Check JSON formatting: jsonschema validation failed with 'x#' - at '/spec/ports/0/port': got string, want integer & <more>",
    validationErrors: [{ path: '/spec/ports/0/port', msg: 'got string, want integer' }],
  },
  { status: 'empty', reason: 'empty', file: 'b.yaml', signature: emptySignature },
  {
    status: 'error',
    reason: 'missing-type',
    file: 'c.yaml',
    signature: sig('', '', ''),
    error: "error while parsing: missing 'kind' key",
  },
  { status: 'skipped', reason: 'skipped', file: 'c.yaml', signature: sig('Secret', 's') },
];

describe('kubeconform outputs', () => {
  it('json: only failures, Go escaping, summary on request', () => {
    expect(renderKubeconform('json', results, { summary: true })).toBe(`{
  "resources": [
    {
      "filename": "a.yaml",
      "kind": "Service",
      "name": "svc",
      "version": "v1",
      "status": "statusInvalid",
      "msg": "problem validating schema. Check JSON formatting: jsonschema validation failed with 'x#' - at '/spec/ports/0/port': got string, want integer \\u0026 \\u003cmore\\u003e",
      "validationErrors": [
        {
          "path": "/spec/ports/0/port",
          "msg": "got string, want integer"
        }
      ]
    },
    {
      "filename": "c.yaml",
      "kind": "",
      "name": "",
      "version": "",
      "status": "statusError",
      "msg": "error while parsing: missing 'kind' key"
    }
  ],
  "summary": {
    "valid": 1,
    "invalid": 1,
    "errors": 1,
    "skipped": 1
  }
}
`);
  });

  it('json: every result with -verbose, empty ones with an empty status; [] when nothing failed', () => {
    const verbose = JSON.parse(renderKubeconform('json', results, { verbose: true }));
    expect(verbose.resources.map((r: { status: string }) => r.status)).toEqual([
      'statusValid',
      'statusInvalid',
      '',
      'statusError',
      'statusSkipped',
    ]);
    expect(renderKubeconform('json', [results[0]!])).toBe('{\n  "resources": []\n}\n');
  });

  it('tap: one line per result, empty files included, the plan last', () => {
    expect(renderKubeconform('tap', results)).toBe(
      [
        'TAP version 13',
        'ok 1 - a.yaml (v1/ConfigMap/apps/cm)',
        "not ok 2 - a.yaml (v1/Service//svc): problem validating schema. Check JSON formatting: jsonschema validation failed with 'x#' - at '/spec/ports/0/port': got string, want integer & <more>",
        'ok 3 - b.yaml (empty)',
        "not ok 4 - c.yaml: error while parsing: missing 'kind' key",
        'ok 5 - c.yaml (v1/Secret//s) # skip',
        '1..5',
        '',
      ].join('\n'),
    );
    expect(renderKubeconform('tap', [])).toBe('1..0\n');
  });

  it('junit: as Go encoding/xml writes it, valid against the Jenkins JUnit XSD', async () => {
    const xml = renderKubeconform('junit', results, { seconds: 0.0000125 });
    expect(
      xml,
    ).toBe(`<testsuites name="kubeconform" time="1.25e-05" tests="4" failures="1" disabled="1" errors="1">
  <testsuite name="a.yaml" id="1" tests="2" failures="1" errors="0" disabled="0" skipped="0">
    <testcase name="apps/cm" classname="ConfigMap@v1" time="0"></testcase>
    <testcase name="svc" classname="Service@v1" time="0">
      <failure message="problem validating schema. Check JSON formatting: jsonschema validation failed with &#39;x#&#39; - at &#39;/spec/ports/0/port&#39;: got string, want integer &amp; &lt;more&gt;" type=""></failure>
    </testcase>
  </testsuite>
  <testsuite name="b.yaml" id="2" tests="0" failures="0" errors="0" disabled="0" skipped="0"></testsuite>
  <testsuite name="c.yaml" id="3" tests="2" failures="0" errors="1" disabled="0" skipped="1">
    <testcase name="" classname="@" time="0">
      <error message="error while parsing: missing &#39;kind&#39; key" type=""></error>
    </testcase>
    <testcase name="s" classname="Secret@v1" time="0">
      <skipped></skipped>
    </testcase>
  </testsuite>
</testsuites>
`);
    const checked = await validateXML({
      xml: [{ fileName: 'report.xml', contents: xml }],
      schema: [{ fileName: 'junit.xsd', contents: xsd }],
    });
    expect(checked.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(renderKubeconform('junit', [], { seconds: 0.5 })).toBe(
      '<testsuites name="kubeconform" time="0.5" tests="0" failures="0" disabled="0" errors="0"></testsuites>\n',
    );
  });

  it('pretty: kubeconform colours and marks', () => {
    expect(renderKubeconform('pretty', results, { verbose: true, summary: true })).toBe(
      [
        '\x1b[32m✔\x1b[0m a.yaml: \x1b[32mConfigMap cm is valid\x1b[0m',
        `\x1b[31m✖\x1b[0m a.yaml: \x1b[31mService svc is invalid: ${results[1]!.error}\x1b[0m`,
        "\x1b[31m✖\x1b[0m c.yaml: \x1b[31mfailed validation:  error while parsing: missing 'kind' key\x1b[0m",
        '\x1b[33m-\x1b[0m c.yaml: \x1b[33mSecret s skipped\x1b[0m',
        'Summary: 4 resources found in 3 files - Valid: 1, Invalid: 1, Errors: 1, Skipped: 1',
        '',
      ].join('\n'),
    );
  });

  it('counts a TAP run of real files: a List and an empty document', async () => {
    const run = await kubeconform(
      {
        'valid.yaml': replicationController,
        'multi.yaml': `${configMap('a')}---\n# only a comment\n`,
      },
      ['valid.yaml', 'multi.yaml'],
      { output: 'tap' },
    );
    expect(run.out).toBe(
      [
        'TAP version 13',
        'ok 1 - valid.yaml (v1/ReplicationController//bob)',
        'ok 2 - multi.yaml (v1/ConfigMap//a)',
        'ok 3 - multi.yaml (empty)',
        '1..3',
        '',
      ].join('\n'),
    );
  });
});
