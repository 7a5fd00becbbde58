/**
 * Bytes to text the way a careful reader does it: strict UTF-8 (a bad byte is reported
 * with its line, never silently replaced), a leading BOM dropped, and binary files told
 * apart from text before anyone tries to parse them.
 */

export type DecodedText =
  | { ok: true; text: string }
  | { ok: false; line: number; column: number; message: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    // ignoreBOM: false makes the decoder drop a leading U+FEFF itself.
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const { line, column } = lineAndColumnOfByte(bytes, offset);
    return {
      ok: false,
      line,
      column,
      message: `invalid UTF-8 at byte ${offset} (0x${bytes[offset]?.toString(16).padStart(2, '0')}); save the file as UTF-8`,
    };
  }
}

/**
 * Git's own test: a NUL byte in the first 8,000 bytes makes a file binary
 * (the same window `git diff` uses to decide "Binary files differ").
 */
export function looksBinary(bytes: Uint8Array): boolean {
  // indexOf is a native scan: a loop here showed in profiles of 50,000-file loads.
  return bytes.subarray(0, 8000).indexOf(0) !== -1;
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}

/** Length of the well-formed UTF-8 sequence at `i` (RFC 3629 table 3-7), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const expected =
    b0 >= 0xc2 && b0 <= 0xdf ? 2 : b0 >= 0xe0 && b0 <= 0xef ? 3 : b0 >= 0xf0 && b0 <= 0xf4 ? 4 : 0;
  if (expected === 0 || i + expected > bytes.length) return 0;
  const b1 = bytes[i + 1]!;
  const low = b0 === 0xe0 ? 0xa0 : b0 === 0xf0 ? 0x90 : 0x80;
  const high = b0 === 0xed ? 0x9f : b0 === 0xf4 ? 0x8f : 0xbf;
  if (b1 < low || b1 > high) return 0;
  for (let k = 2; k < expected; k++) {
    const b = bytes[i + k]!;
    if (b < 0x80 || b > 0xbf) return 0;
  }
  return expected;
}

function lineAndColumnOfByte(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
