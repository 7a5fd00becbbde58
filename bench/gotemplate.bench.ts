import { jsonNumbersAsFloat64, Template } from '@fleetops/gotemplate';
import type { BenchOptions } from './options.ts';
import { median } from './stats.ts';

/**
 * A typical ApplicationSet template with `goTemplate: true`. Argo CD renders every string
 * field of the Application as its own template (applicationset/utils deeplyReplace), so a
 * render is one execution of each of these 20 fields: 10 of them hold actions, a few of
 * those call Sprig (default, lower, trunc) and one Argo CD's normalize.
 */
const FIELDS: readonly string[] = [
  'argoproj.io/v1alpha1',
  'Application',
  '{{.name | normalize}}-guestbook',
  'argocd',
  'guestbook',
  '{{.metadata.labels.environment}}',
  '{{.metadata.labels.region | default "global" | lower}}',
  '{{index .metadata.annotations "team"}}',
  'resources-finalizer.argocd.argoproj.io',
  '{{.metadata.labels.environment}}',
  'https://github.com/example/guestbook.git',
  '{{if eq .metadata.labels.environment "prod"}}main{{else}}HEAD{{end}}',
  'overlays/{{.metadata.labels.environment}}',
  '{{printf "%s-%s" .name .metadata.labels.region | trunc 53}}',
  'values-{{.metadata.labels.environment}}.yaml',
  '{{.server}}',
  'guestbook',
  'CreateNamespace=true',
  'ServerSideApply=true',
  'Validate=false',
];

const PARAMETER_SETS = 100_000;
const REGIONS = ['eu-west-1', 'us-east-1', '', 'ap-south-1'];
const ENVIRONMENTS = ['dev', 'staging', 'prod'];

/** What Argo CD's cluster generator hands each template: name, server, metadata. */
function parameterSets(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) =>
    jsonNumbersAsFloat64({
      name: `Cluster_${i}`,
      nameNormalized: `cluster-${i}`,
      server: `https://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:6443`,
      metadata: {
        labels: {
          environment: ENVIRONMENTS[i % ENVIRONMENTS.length]!,
          region: REGIONS[i % REGIONS.length]!,
          'argocd.argoproj.io/secret-type': 'cluster',
        },
        annotations: { team: `team-${i % 17}`, replicas: i % 5 },
      },
    }),
  );
}

/**
 * `pnpm bench gotemplate`: parse the template's fields once, then execute them for 100,000
 * parameter sets, in-process; repeated `runs` times. Reports median renders per second
 * and the share of the total time spent parsing. Target: >= 200,000 renders/s on one core.
 */
export default async function benchGotemplate(options: BenchOptions): Promise<void> {
  const sets = parameterSets(PARAMETER_SETS);
  const parse = () =>
    FIELDS.map((field) => Template.parse(field, { funcs: 'argocd', missingKey: 'error' }));
  const render = (fields: Template[], params: unknown) => {
    let bytes = 0;
    for (const field of fields) bytes += field.execute(params).length;
    return bytes;
  };
  const actions = FIELDS.filter((field) => field.includes('{{')).length;
  console.log(
    `template: ${FIELDS.length} fields, ${actions} with actions; ${PARAMETER_SETS} parameter sets`,
  );

  // Warm the JIT on a separate pass so the first measured run is not the cold one.
  const warm = parse();
  for (let i = 0; i < 20_000; i++) render(warm, sets[i]);

  const parseMs: number[] = [];
  const executeMs: number[] = [];
  let bytes = 0;
  for (let run = 0; run < options.runs; run++) {
    const t0 = performance.now();
    const template = parse();
    const t1 = performance.now();
    bytes = 0;
    for (const params of sets) bytes += render(template, params);
    const t2 = performance.now();
    parseMs.push(t1 - t0);
    executeMs.push(t2 - t1);
    const rate = PARAMETER_SETS / ((t2 - t0) / 1000);
    console.log(
      `  run ${run + 1}/${options.runs}: parse ${(t1 - t0).toFixed(3)} ms, ${PARAMETER_SETS} executions ${(t2 - t1).toFixed(0)} ms, ${fmt(rate)} renders/s`,
    );
  }
  const parseMedian = median(parseMs);
  const executeMedian = median(executeMs);
  const total = parseMedian + executeMedian;
  console.log(`output: ${(bytes / PARAMETER_SETS).toFixed(0)} bytes per render`);
  console.log(`median parse (once):              ${parseMedian.toFixed(3)} ms`);
  console.log(`median ${PARAMETER_SETS} executions:        ${executeMedian.toFixed(0)} ms`);
  console.log(
    `median renders per second:        ${fmt(PARAMETER_SETS / (total / 1000))} (target >= 200,000 on one core)`,
  );
  console.log(`share of time spent parsing:      ${((parseMedian / total) * 100).toFixed(4)} %`);
  console.log(
    `without reusing the parse (parse + execute each time): ${fmt(1000 / (parseMedian + executeMedian / PARAMETER_SETS))} renders/s`,
  );
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
