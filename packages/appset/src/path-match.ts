/**
 * Go's `path.Match`, which Argo CD's git directory generator applies to every directory:
 * `*` and `?` never cross a `/`, `[...]` classes with ranges and `^` negation, `\` escapes.
 * A port of the Go source, over code points instead of bytes.
 */
export class BadPatternError extends Error {
  override name = 'BadPatternError';
  constructor() {
    super('syntax error in pattern');
  }
}

export function pathMatch(pattern: string, name: string): boolean {
  let p = Array.from(pattern);
  let s = Array.from(name);
  outer: while (p.length > 0) {
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    if (star && chunk.length === 0) return !s.includes('/');
    const here = matchChunk(chunk, s);
    if (here && (here.length === 0 || p.length > 0)) {
      s = here;
      continue;
    }
    if (star) {
      for (let i = 0; i < s.length && s[i] !== '/'; i++) {
        const t = matchChunk(chunk, s.slice(i + 1));
        if (t) {
          if (p.length === 0 && t.length > 0) continue;
          s = t;
          continue outer;
        }
      }
    }
    // Before answering false, the rest of the pattern must still be well-formed.
    while (p.length > 0) {
      const next = scanChunk(p);
      p = next.rest;
      matchChunk(next.chunk, []);
    }
    return false;
  }
  return s.length === 0;
}

function scanChunk(pattern: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let i = 0;
  let star = false;
  while (i < pattern.length && pattern[i] === '*') {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 < pattern.length) i++;
    } else if (c === '[') inRange = true;
    else if (c === ']') inRange = false;
    else if (c === '*' && !inRange) break;
  }
  return { star, chunk: pattern.slice(start, i), rest: pattern.slice(i) };
}

/** The rest of `s` after `chunk` matched its start, or undefined; throws on a bad pattern. */
function matchChunk(chunkIn: string[], sIn: string[]): string[] | undefined {
  let chunk = chunkIn;
  let s = sIn;
  let failed = false;
  while (chunk.length > 0) {
    if (!failed && s.length === 0) failed = true;
    const c = chunk[0];
    if (c === '[') {
      let r = '';
      if (!failed) {
        r = s[0]!;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
      let negated = false;
      if (chunk[0] === '^') {
        negated = true;
        chunk = chunk.slice(1);
      }
      let match = false;
      let ranges = 0;
      for (;;) {
        if (chunk.length > 0 && chunk[0] === ']' && ranges > 0) {
          chunk = chunk.slice(1);
          break;
        }
        const lo = getEsc(chunk);
        chunk = lo.rest;
        let hi = lo.char;
        if (chunk[0] === '-') {
          const h = getEsc(chunk.slice(1));
          hi = h.char;
          chunk = h.rest;
        }
        const code = r.codePointAt(0) ?? -1;
        if (lo.char.codePointAt(0)! <= code && code <= hi.codePointAt(0)!) match = true;
        ranges++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[0] === '/') failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    } else {
      if (c === '\\') {
        chunk = chunk.slice(1);
        if (chunk.length === 0) throw new BadPatternError();
      }
      if (!failed) {
        if (chunk[0] !== s[0]) failed = true;
        s = s.slice(1);
      }
      chunk = chunk.slice(1);
    }
  }
  return failed ? undefined : s;
}

function getEsc(chunkIn: string[]): { char: string; rest: string[] } {
  let chunk = chunkIn;
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') throw new BadPatternError();
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1);
    if (chunk.length === 0) throw new BadPatternError();
  }
  const char = chunk[0]!;
  const rest = chunk.slice(1);
  if (rest.length === 0) throw new BadPatternError();
  return { char, rest };
}
