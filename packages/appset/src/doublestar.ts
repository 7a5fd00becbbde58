/**
 * github.com/bmatcuk/doublestar's `Match`, which Argo CD's git files generator applies with
 * `applicationsetcontroller.enable.new.git.file.globbing`: `*` and `?` never cross a `/`,
 * `**` as a whole path segment matches any number of directories (none included), `[...]`
 * classes (`^` or `!` negates), `{a,b}` alternatives, `\` escapes. Hidden files get no
 * special treatment. Patterns are compiled to regular expressions and cached.
 */
export class BadGlobError extends Error {
  override name = 'BadGlobError';
  constructor() {
    super('syntax error in pattern');
  }
}

const cache = new Map<string, RegExp>();

export function doublestarMatch(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${expandBraces(pattern).map(compile).join('|')})$`, 'u');
    cache.set(pattern, regex);
  }
  return regex.test(name);
}

/** `{a,b}` alternatives (nested ones too) expanded into whole patterns. */
function expandBraces(pattern: string): string[] {
  const chars = Array.from(pattern);
  let open = -1;
  let depth = 0;
  const commas: number[] = [];
  let inClass = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '{') {
      if (depth++ === 0) open = i;
    } else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}' && depth > 0 && --depth === 0) {
      const before = chars.slice(0, open).join('');
      const after = chars.slice(i + 1).join('');
      const bounds = [open, ...commas, i];
      const alternatives: string[] = [];
      for (let k = 0; k + 1 < bounds.length; k++) {
        const middle = chars.slice(bounds[k]! + 1, bounds[k + 1]).join('');
        alternatives.push(...expandBraces(`${before}${middle}${after}`));
      }
      return alternatives;
    }
  }
  if (depth > 0 || inClass) throw new BadGlobError();
  return [pattern];
}

function compile(pattern: string): string {
  const segments = pattern.split('/');
  let out = '';
  let needSeparator = false;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (last) out += needSeparator ? '(?:/.*)?' : '.*';
      else out += `${needSeparator ? '/' : ''}(?:.*/)?`;
      needSeparator = false;
      continue;
    }
    out += `${needSeparator ? '/' : ''}${compileSegment(segment)}`;
    needSeparator = true;
  }
  return out;
}

function compileSegment(segment: string): string {
  const chars = Array.from(segment);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\') {
      if (i + 1 >= chars.length) throw new BadGlobError();
      out += literal(chars[++i]!);
    } else if (c === '*') {
      while (chars[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '[') {
      let j = i + 1;
      let negate = false;
      if (chars[j] === '^' || chars[j] === '!') {
        negate = true;
        j++;
      }
      let body = '';
      let first = true;
      for (; j < chars.length && (first || chars[j] !== ']'); j++) {
        first = false;
        let lo = chars[j]!;
        if (lo === '\\') {
          if (j + 1 >= chars.length) throw new BadGlobError();
          lo = chars[++j]!;
        }
        if (chars[j + 1] === '-' && j + 2 < chars.length && chars[j + 2] !== ']') {
          let hi = chars[j + 2]!;
          j += 2;
          if (hi === '\\') {
            if (j + 1 >= chars.length) throw new BadGlobError();
            hi = chars[++j]!;
          }
          if (hi < lo) throw new BadGlobError();
          body += `${escapeClass(lo)}-${escapeClass(hi)}`;
        } else body += escapeClass(lo);
      }
      if (j >= chars.length || body === '') throw new BadGlobError();
      out += negate ? `[^/${body}]` : `(?![/])[${body}]`;
      i = j;
    } else out += literal(c);
  }
  return out;
}

function literal(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}
