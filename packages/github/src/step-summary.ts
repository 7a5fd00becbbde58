/**
 * Appending to $GITHUB_STEP_SUMMARY. The runner refuses a step summary over 1 MiB and
 * drops it whole, so what is written is cut to what is left of that budget.
 */
import { appendFile, stat } from 'node:fs/promises';
import { stepSummaryLimit } from '@fleetops/core';

export interface SummaryWrite {
  /** Bytes written. */
  written: number;
  /** True when the Markdown had to be cut to fit. */
  truncated: boolean;
}

const cutNote = '\n\n_The rest of this summary was cut to stay under GitHub’s 1 MiB limit._\n';

export async function appendStepSummary(file: string, markdown: string): Promise<SummaryWrite> {
  const used = await stat(file).then(
    (info) => info.size,
    () => 0,
  );
  const room = stepSummaryLimit - used;
  const bytes = Buffer.from(markdown, 'utf8');
  if (bytes.length <= room) {
    await appendFile(file, bytes);
    return { written: bytes.length, truncated: false };
  }
  const noteBytes = Buffer.byteLength(cutNote, 'utf8');
  if (room <= noteBytes) return { written: 0, truncated: true };
  const kept = cutAtLine(bytes.subarray(0, room - noteBytes).toString('utf8'));
  const out = Buffer.from(kept + cutNote, 'utf8');
  await appendFile(file, out);
  return { written: out.length, truncated: true };
}

/** Back to the last whole line, so no table row or tag is left half written. */
function cutAtLine(text: string): string {
  // A cut inside a multi-byte character leaves U+FFFD at the end; the line cut drops it.
  const at = text.lastIndexOf('\n');
  return at < 0 ? '' : text.slice(0, at);
}
