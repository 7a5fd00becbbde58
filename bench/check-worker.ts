/**
 * One `check` of a generated fleet in a fresh process, so each measurement starts cold and
 * its peak RSS is its own. Prints JSON: wall time of runCheck (loading included), and with
 * `phases` the split between loading the fleet and running the rules.
 */
import { checkRepository, runCheck } from '@fleetops/check';
import { loadFleet } from '@fleetops/fleet';

const [mode, root] = process.argv.slice(2);
if (!root || (mode !== 'check' && mode !== 'phases'))
  throw new Error('usage: check-worker.ts check|phases ROOT');

const start = performance.now();
let loadMs: number | undefined;
let result: Awaited<ReturnType<typeof runCheck>>;
if (mode === 'check') {
  result = await runCheck({ root });
} else {
  const loaded = await loadFleet(root);
  loadMs = performance.now() - start;
  result = await checkRepository(loaded);
}
const ms = performance.now() - start;
const suppressed = result.findings.filter((finding) => finding.suppressed).length;
// Notes (the corpus configures no schema source: validate/schemas-off) are not problems.
const notes = result.findings.filter((f) => f.severity === 'note' && !f.suppressed).length;
const byRule: Record<string, number> = {};
for (const finding of result.findings)
  if (!finding.suppressed && finding.severity !== 'note')
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
process.stdout.write(
  `${JSON.stringify({
    ms,
    loadMs,
    rssMiB: process.resourceUsage().maxRSS / 1024,
    clusters: result.fleet.clusters.length,
    files: result.repository.stats.files,
    resources: result.repository.stats.resources,
    findings: result.findings.length - suppressed - notes,
    suppressed,
    byRule,
  })}\n`,
);
