/** Go's byte-indexed string slicing, for the Sprig functions that cut strings by bytes. */
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII detection
const ASCII = /^[\x00-\x7f]*$/;

/** s[from:to] on UTF-8 bytes, as Go slices strings; panics like Go when out of range. */
export function byteSlice(s: string, from: number, to?: number): string {
  if (ASCII.test(s)) {
    const end = to ?? s.length;
    if (from < 0 || end > s.length || from > end) {
      throw new Error(
        `runtime error: slice bounds out of range [${from}:${end}] with length ${s.length}`,
      );
    }
    return s.slice(from, end);
  }
  const b = utf8(s);
  const end = to ?? b.length;
  if (from < 0 || end > b.length || from > end) {
    throw new Error(
      `runtime error: slice bounds out of range [${from}:${end}] with length ${b.length}`,
    );
  }
  return b.subarray(from, end).toString('utf8');
}

export function byteLen(s: string): number {
  return ASCII.test(s) ? s.length : utf8(s).length;
}
