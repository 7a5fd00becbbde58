/**
 * The double's own reading of a unified-diff patch, kept apart from the client's on
 * purpose: GitHub accepts a review comment only on a line that the diff shows (an added or
 * context line on the RIGHT, a removed or context line on the LEFT), and the double has to
 * decide that independently of the code under test.
 */

export interface PatchLines {
  right: Set<number>;
  left: Set<number>;
  /** The hunk text up to and including each RIGHT line, for a comment's diff_hunk. */
  hunkTo: Map<number, string>;
}

export function readPatch(patch: string): PatchLines {
  const lines: PatchLines = { right: new Set(), left: new Set(), hunkTo: new Map() };
  let oldLine = 0;
  let newLine = 0;
  let hunk: string[] = [];
  for (const text of patch.split('\n')) {
    const header = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[2]);
      hunk = [text];
      continue;
    }
    hunk.push(text);
    if (text.startsWith('+')) {
      lines.right.add(newLine);
      lines.hunkTo.set(newLine++, hunk.join('\n'));
    } else if (text.startsWith('-')) {
      lines.left.add(oldLine++);
    } else if (text.startsWith(' ') || text === '') {
      lines.left.add(oldLine++);
      lines.right.add(newLine);
      lines.hunkTo.set(newLine++, hunk.join('\n'));
    }
  }
  return lines;
}
