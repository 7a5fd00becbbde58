/**
 * Hidden HTML comments that let a later run find what an earlier one wrote. A key is
 * reduced to a safe alphabet so that no value can close the comment (`-->`) early.
 */

export function marker(kind: string, key: string): string {
  return `<!-- fleetops:${safe(kind)}:${safe(key)} -->`;
}

/** A marker that also carries a value (a finding's fingerprint, a state). */
export function markerWithValue(kind: string, key: string, value: string): string {
  return `<!-- fleetops:${safe(kind)}:${safe(key)} ${safe(value)} -->`;
}

/** The value of every `kind:key` marker in `body`. */
export function markerValues(body: string, kind: string, key: string): string[] {
  const prefix = `<!-- fleetops:${safe(kind)}:${safe(key)} `;
  const values: string[] = [];
  let at = body.indexOf(prefix);
  while (at >= 0) {
    const end = body.indexOf(' -->', at + prefix.length);
    if (end < 0) break;
    values.push(body.slice(at + prefix.length, end));
    at = body.indexOf(prefix, end);
  }
  return values;
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._/=+-]/g, '_');
}
