import {
  type Finding,
  type Location,
  type RuleCatalog,
  type RuleMeta,
  ruleCatalog,
} from './finding.ts';
import type { Repository } from './loader.ts';
import { describeResource, isObject, type Resource } from './resource.ts';

/**
 * A finding is accepted where the resource it is about is written, with a reason:
 *
 * ```yaml
 * metadata:
 *   annotations:
 *     fleetops.io/ignore: "network/fleet-overlap: shared lab VPC, peering never enabled"
 * ```
 *
 * Several entries go on separate lines (a `|` block) or are separated by `;`. A `;` only
 * separates when a rule id follows it (or nothing), so a reason may contain one. Each entry is
 * `<rule-id>: <reason>`; an entry without a reason suppresses nothing and is reported,
 * as is an entry that matches no finding: stale suppressions would hide the next real
 * problem of that rule on the resource.
 *
 * A finding is about a resource when its location, or one of its related locations, lies
 * in the resource's document (for an item of a `kind: List`, in the item). A location
 * without a line names a whole file, and so a resource only when the file holds no other.
 */
export const ignoreAnnotation = 'fleetops.io/ignore';

export const suppressionRules: RuleCatalog = ruleCatalog([
  {
    id: 'suppression/invalid',
    summary: `${ignoreAnnotation} entries are \`<rule-id>: <reason>\``,
    defaultSeverity: 'warning',
    rationale: 'An entry that cannot be read suppresses nothing; the finding it meant stays.',
  },
  {
    id: 'suppression/missing-reason',
    summary: `Every ${ignoreAnnotation} entry gives a reason`,
    defaultSeverity: 'warning',
    rationale:
      'A suppression without a reason cannot be reviewed or revisited; it suppresses nothing until one is given.',
  },
  {
    id: 'suppression/unused',
    summary: `Every ${ignoreAnnotation} entry matches a finding`,
    defaultSeverity: 'warning',
    rationale:
      'A suppression that matches nothing is stale: the problem was fixed or the rule renamed, and left in place it would silently accept the next real finding of that rule on the resource.',
  },
]);

/** One `<rule-id>: <reason>` entry of an annotation, or why it is not one. */
export type IgnoreEntry =
  | { ruleId: string; reason: string }
  | { problem: 'invalid' | 'missing-reason'; text: string; ruleId?: string };

const ruleIdPattern = '[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9.-]*';
const separator = new RegExp(`\\r?\\n|;(?=[ \\t]*(?:${ruleIdPattern}\\s*(?::|;|$)|\\r?\\n|$))`);
const entryPattern = new RegExp(`^(${ruleIdPattern})\\s*(?::([\\s\\S]*))?$`);

/** Reads an annotation value into its entries; blank entries are skipped. */
export function parseIgnoreAnnotation(value: string): IgnoreEntry[] {
  return value
    .split(separator)
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text): IgnoreEntry => {
      const match = entryPattern.exec(text);
      if (!match) return { problem: 'invalid', text };
      const ruleId = match[1]!;
      const reason = (match[2] ?? '').trim();
      if (ruleId.startsWith('suppression/')) return { problem: 'invalid', text, ruleId };
      return reason === '' ? { problem: 'missing-reason', text, ruleId } : { ruleId, reason };
    });
}

/** The lines of a file that belong to one resource; `end` is exclusive. */
interface Span {
  start: number;
  end: number;
  /** The only resource of its file: whole-file findings are about it. */
  sole: boolean;
  entries: Candidate[];
}

interface Candidate {
  ruleId: string;
  reason: string;
  resource: Resource;
  location: Location;
  used: boolean;
}

type Source = Pick<Repository, 'files' | 'resources' | 'locate'>;

/**
 * Marks the findings that a `fleetops.io/ignore` annotation accepts, and adds a warning
 * for every entry that is unreadable, gives no reason, or matches nothing. Pure: the
 * findings are copied, never changed; the result is in input order, the new warnings last.
 */
export function applySuppressions(
  findings: readonly Finding[],
  repository: Source,
  rules: RuleCatalog = new Map(),
): Finding[] {
  const annotated = repository.resources.filter((resource) => ignoreValue(resource) !== undefined);
  if (annotated.length === 0) return [...findings];
  const problems: Finding[] = [];
  const perFile = resourcesPerFile(repository.resources, new Set(annotated.map((r) => r.file)));
  const spans = new Map<string, Span[]>();
  const candidates: Candidate[] = [];
  for (const resource of annotated) {
    const location = repository.locate(resource, ['metadata', 'annotations', ignoreAnnotation]);
    const value = ignoreValue(resource);
    if (typeof value !== 'string') {
      problems.push(
        problem(
          'invalid',
          location,
          `${ignoreAnnotation} of ${describeResource(resource)} must be a string, found ${JSON.stringify(value)}`,
        ),
      );
      continue;
    }
    const entries: Candidate[] = [];
    for (const entry of parseIgnoreAnnotation(value)) {
      if ('problem' in entry) problems.push(entryProblem(entry, resource, location));
      else entries.push({ ...entry, resource, location, used: false });
    }
    if (entries.length === 0) continue;
    candidates.push(...entries);
    const list = spans.get(resource.file) ?? [];
    const sole = perFile.get(resource.file) === 1;
    list.push({ ...spanOf(resource, repository), sole, entries });
    spans.set(resource.file, list);
  }
  const suppressed = findings.map((finding) => {
    if (finding.suppressed || finding.ruleId.startsWith('suppression/')) return finding;
    const accepted = matches(finding, spans);
    for (const candidate of accepted) candidate.used = true;
    const first = accepted[0];
    return first === undefined
      ? finding
      : { ...finding, suppressed: { reason: first.reason, location: first.location } };
  });
  for (const candidate of candidates) {
    if (!candidate.used) problems.push(unusedProblem(candidate, rules));
  }
  return [...suppressed, ...problems];
}

function ignoreValue(resource: Resource): unknown {
  const annotations = resource.object.metadata?.annotations;
  return isObject(annotations) ? annotations[ignoreAnnotation] : undefined;
}

/**
 * A document runs from its first line to the line before the next document; the item of a
 * List is the range of its node.
 */
function spanOf(resource: Resource, repository: Source): { start: number; end: number } {
  if (resource.path.length > 0) {
    const { line = 0, endLine = line } = repository.locate(resource);
    return { start: line, end: endLine + 1 };
  }
  const starts = repository.files.get(resource.file)?.documentStarts ?? [];
  const start = starts[resource.documentIndex]?.line ?? 0;
  const next = starts.slice(resource.documentIndex + 1).find((s) => s !== undefined);
  return { start, end: next?.line ?? Number.POSITIVE_INFINITY };
}

function resourcesPerFile(resources: readonly Resource[], files: ReadonlySet<string>) {
  const counts = new Map<string, number>();
  for (const { file } of resources)
    if (files.has(file)) counts.set(file, (counts.get(file) ?? 0) + 1);
  return counts;
}

/** Entries of the finding's rule on the resources its places are in, the primary place first. */
function matches(finding: Finding, spans: ReadonlyMap<string, Span[]>): Candidate[] {
  const found: Candidate[] = [];
  for (const place of [finding.location, ...(finding.related ?? [])]) {
    for (const span of spans.get(place.file) ?? []) {
      const inside =
        place.line === undefined ? span.sole : place.line >= span.start && place.line < span.end;
      if (!inside) continue;
      for (const entry of span.entries)
        if (entry.ruleId === finding.ruleId && !found.includes(entry)) found.push(entry);
    }
  }
  return found;
}

function entryProblem(
  entry: Extract<IgnoreEntry, { problem: string }>,
  resource: Resource,
  location: Location,
): Finding {
  const where = `${ignoreAnnotation} of ${describeResource(resource)}`;
  if (entry.problem === 'missing-reason')
    return problem(
      'missing-reason',
      location,
      `${where} suppresses ${entry.ruleId} without a reason, so it suppresses nothing; write "${entry.ruleId}: <why this finding is accepted>".`,
    );
  const why = entry.ruleId?.startsWith('suppression/')
    ? 'suppression warnings cannot themselves be suppressed; fix or remove the entry they name'
    : 'expected "<rule-id>: <reason>", e.g. "network/fleet-overlap: shared lab VPC, peering never enabled"';
  return problem('invalid', location, `${where} has an unreadable entry "${entry.text}": ${why}.`);
}

function unusedProblem(candidate: Candidate, rules: RuleCatalog): Finding {
  const where = `${ignoreAnnotation} of ${describeResource(candidate.resource)}`;
  const unknown = rules.size > 0 && !rules.has(candidate.ruleId);
  const why = unknown
    ? `${candidate.ruleId} is not a rule of this check; check its spelling`
    : `no ${candidate.ruleId} finding is about this resource any more; remove the entry`;
  const finding = problem('unused', candidate.location, `${where} matches nothing: ${why}.`);
  finding.data = { ruleId: candidate.ruleId, reason: candidate.reason };
  return finding;
}

function problem(name: string, location: Location, message: string): Finding {
  const ruleId = `suppression/${name}`;
  const meta: RuleMeta | undefined = suppressionRules.get(ruleId);
  return { ruleId, severity: meta?.defaultSeverity ?? 'warning', message, location };
}
