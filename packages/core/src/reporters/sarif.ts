import { createHash } from 'node:crypto';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  Finding,
  Location,
  RelatedLocation,
  RuleMeta,
  Severity,
  Suppression,
} from '../finding.ts';
import { sortFindings } from '../finding.ts';
import type { Report } from './report.ts';
import { wellFormed } from './unicode.ts';

/**
 * SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: every result names its rule by id
 * and index, locations are relative to `%SRCROOT%`, and partialFingerprints keep an alert
 * the same alert across runs. Only the fields we fill are typed here; the schema test
 * checks the whole document.
 */
export const sarifSchemaUri =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const srcRoot = '%SRCROOT%';
/** Versioned, so a change of the recipe starts new fingerprints instead of mismatching old ones. */
export const fingerprintKey = 'fleetopsFindingHash/v1';

type SarifLevel = 'error' | 'warning' | 'note';
const levels: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', note: 'note' };

interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help?: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
}

export function renderSarif(report: Report): string {
  const findings = sortFindings(report.findings);
  const rules = sarifRules(report, findings);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const fingerprints = fingerprintsOf(findings);
  const run = {
    tool: { driver: driver(report, rules) },
    ...originalUriBaseIds(report.root),
    columnKind: 'utf16CodeUnits',
    results: findings.map((finding, i) => ({
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: levels[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(finding.location) }],
      ...relatedLocations(finding.related),
      partialFingerprints: { [fingerprintKey]: fingerprints[i] },
      ...suppressions(finding.suppressed),
      ...(finding.data === undefined ? {} : { properties: finding.data }),
    })),
  };
  const log = { $schema: sarifSchemaUri, version: '2.1.0', runs: [run] };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function driver(report: Report, rules: SarifRule[]) {
  const { name, version, informationUri } = report.tool;
  return { name, version, ...(informationUri === undefined ? {} : { informationUri }), rules };
}

/**
 * Every rule of the catalog (GitHub shows their help even before a result), plus a bare
 * entry for any rule a finding names that the catalog lacks, so every ruleIndex resolves.
 */
function sarifRules(report: Report, findings: readonly Finding[]): SarifRule[] {
  const byId = new Map<string, SarifRule>();
  for (const meta of report.rules.values()) byId.set(meta.id, catalogRule(meta));
  for (const finding of findings) {
    if (!byId.has(finding.ruleId)) byId.set(finding.ruleId, unknownRule(finding));
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function catalogRule(meta: RuleMeta): SarifRule {
  const full = meta.rationale ?? meta.summary;
  return {
    id: meta.id,
    shortDescription: { text: meta.summary },
    fullDescription: { text: full },
    help: { text: meta.helpUri === undefined ? full : `${full}\n\nSee ${meta.helpUri}` },
    ...(meta.helpUri === undefined ? {} : { helpUri: meta.helpUri }),
    defaultConfiguration: { level: levels[meta.defaultSeverity] },
  };
}

function unknownRule(finding: Finding): SarifRule {
  return {
    id: finding.ruleId,
    shortDescription: { text: finding.ruleId },
    fullDescription: { text: finding.ruleId },
    defaultConfiguration: { level: levels[finding.severity] },
  };
}

/** `%SRCROOT%` only resolves for consumers when the root is absolute; a relative one is left out. */
function originalUriBaseIds(root: string | undefined) {
  if (root === undefined || !isAbsolute(root)) return {};
  const href = pathToFileURL(root).href;
  return { originalUriBaseIds: { [srcRoot]: { uri: href.endsWith('/') ? href : `${href}/` } } };
}

function physicalLocation(location: Location) {
  const region = sarifRegion(location);
  return {
    artifactLocation: { uri: relativeUri(location.file), uriBaseId: srcRoot },
    ...(region === undefined ? {} : { region }),
  };
}

/**
 * Only what is known: a finding about a whole file (invalid UTF-8, too large) has no
 * region, and a column without a line would mean nothing. SARIF's endColumn is exclusive,
 * the same convention as the Finding's (the column after the last character).
 */
function sarifRegion(location: Location) {
  const { line, column, endLine, endColumn } = location;
  if (line === undefined) return undefined;
  return {
    startLine: line,
    ...(column === undefined ? {} : { startColumn: column }),
    ...(endLine === undefined ? {} : { endLine }),
    ...(endColumn === undefined || column === undefined ? {} : { endColumn }),
  };
}

/**
 * A finding accepted in the repository: SARIF's `inSource` kind (the suppression is written
 * beside the code), accepted, with the reason as justification. Code scanning and GitLab
 * show such a result as closed rather than open. Unsuppressed results carry no array.
 */
function suppressions(suppressed: Suppression | undefined) {
  if (suppressed === undefined) return {};
  return {
    suppressions: [
      {
        kind: 'inSource',
        status: 'accepted',
        justification: suppressed.reason,
        location: { physicalLocation: physicalLocation(suppressed.location) },
      },
    ],
  };
}

function relatedLocations(related: readonly RelatedLocation[] | undefined) {
  if (related === undefined || related.length === 0) return {};
  return {
    relatedLocations: related.map((place, index) => ({
      id: index + 1,
      physicalLocation: physicalLocation(place),
      ...(place.message === undefined ? {} : { message: { text: place.message } }),
    })),
  };
}

/** A relative URI reference: each path segment percent-encoded (spaces, `#`, `%`, non-ASCII). */
function relativeUri(file: string): string {
  return wellFormed(file).split('/').map(encodeURIComponent).join('/');
}

/**
 * Rule, file and message, not the line: an edit above the finding must not turn it into a
 * new alert. Identical findings in one file are told apart by their order of appearance.
 */
function fingerprintsOf(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const identity = JSON.stringify([finding.ruleId, finding.location.file, finding.message]);
    const occurrence = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, occurrence);
    return createHash('sha256').update(`${identity}#${occurrence}`).digest('hex');
  });
}
