/**
 * Go's reference-time layouts ("Mon Jan 2 15:04:05 MST 2006"): time.Format and
 * time.ParseInLocation, chunk by chunk as Go's time/format.go reads a layout, with Go's
 * parse error texts.
 */

/** A broken-down civil time with its zone: what a layout formats and a parse produces. */
export interface Civil {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  weekday: number; // 0 = Sunday
  yday: number; // 1..366
  /** Seconds east of UTC. */
  offset: number;
  /** The zone's abbreviation ("UTC", "CET"); "" when none is known. */
  abbr: string;
}

type Std =
  | 'Jan'
  | 'January'
  | '1'
  | '01'
  | 'Mon'
  | 'Monday'
  | '2'
  | '_2'
  | '02'
  | '__2'
  | '002'
  | '15'
  | '3'
  | '03'
  | '4'
  | '04'
  | '5'
  | '05'
  | '06'
  | '2006'
  | 'PM'
  | 'pm'
  | 'MST'
  | 'Z0700'
  | 'Z070000'
  | 'Z07'
  | 'Z07:00'
  | 'Z07:00:00'
  | '-0700'
  | '-070000'
  | '-07'
  | '-07:00'
  | '-07:00:00'
  | 'frac0'
  | 'frac9';

interface Chunk {
  prefix: string;
  std: Std | undefined;
  /** The layout text of the element, e.g. "2006" or ".000". */
  text: string;
  suffix: string;
  /** Fractional seconds: digits and separator. */
  digits?: number;
  sep?: string;
}

const ZERO_STDS: Std[] = ['01', '02', '03', '04', '05', '06'];
const NUM_TZ: Std[] = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'];
const ISO_TZ: Std[] = ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'];

function startsWithLower(s: string): boolean {
  return s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';
}

function isDigitAt(s: string, i: number): boolean {
  return i < s.length && s[i]! >= '0' && s[i]! <= '9';
}

/** time.nextStdChunk: the text before the first layout element, the element, the rest. */
function nextStdChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    text: layout.slice(i, i + len),
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, 'January', 7);
          if (!startsWithLower(rest.slice(3))) return at(i, 'Jan', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, 'Monday', 6);
          if (!startsWithLower(rest.slice(3))) return at(i, 'Mon', 3);
        }
        if (rest.startsWith('MST')) return at(i, 'MST', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1]! >= '1' && rest[1]! <= '6')
          return at(i, ZERO_STDS[Number(rest[1]) - 1]!, 2);
        if (rest.startsWith('002')) return at(i, '002', 3);
        break;
      case '1':
        if (rest.startsWith('15')) return at(i, '15', 2);
        return at(i, '1', 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, '2006', 4);
        return at(i, '2', 1);
      case '_':
        if (rest.startsWith('_2')) {
          // "_2006" is a literal "_" and a long year.
          if (rest.startsWith('_2006'))
            return { ...at(i + 1, '2006', 4), prefix: layout.slice(0, i + 1) };
          return at(i, '_2', 2);
        }
        if (rest.startsWith('__2')) return at(i, '__2', 3);
        break;
      case '3':
      case '4':
      case '5':
        return at(i, layout[i] as Std, 1);
      case 'P':
        if (rest.startsWith('PM')) return at(i, 'PM', 2);
        break;
      case 'p':
        if (rest.startsWith('pm')) return at(i, 'pm', 2);
        break;
      case '-':
        for (const std of NUM_TZ) if (rest.startsWith(std)) return at(i, std, std.length);
        break;
      case 'Z':
        for (const std of ISO_TZ) if (rest.startsWith(std)) return at(i, std, std.length);
        break;
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          const ch = rest[1];
          let j = 1;
          while (j < rest.length && rest[j] === ch) j++;
          if (!isDigitAt(rest, j)) {
            return {
              ...at(i, ch === '0' ? 'frac0' : 'frac9', j),
              digits: j - 1,
              sep: layout[i]!,
            };
          }
        }
        break;
    }
  }
  return { prefix: layout, std: undefined, text: '', suffix: '' };
}

export const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

/** Go's appendInt: decimal, zero-padded to width, sign before the padding. */
function pad(x: number, width: number): string {
  const digits = String(Math.abs(x)).padStart(width, '0');
  return x < 0 ? `-${digits}` : digits;
}

function zoneText(std: Std, offset: number): string {
  if (offset === 0 && std.startsWith('Z')) return 'Z';
  const minutes = Math.trunc(offset / 60);
  const zone = Math.abs(minutes);
  let out = (minutes < 0 ? '-' : '+') + pad(Math.trunc(zone / 60), 2);
  const colon = std.includes(':');
  if (colon) out += ':';
  if (!std.endsWith('07')) out += pad(zone % 60, 2);
  if (std.endsWith('0000') || std.endsWith(':00:00')) {
    if (colon) out += ':';
    out += pad(Math.abs(offset) % 60, 2);
  }
  return out;
}

function fraction(nsec: number, digits: number, sep: string, trim: boolean): string {
  if (trim && (digits === 0 || nsec === 0)) return '';
  let out = pad(nsec, 9);
  if (digits < 9) out = out.slice(0, digits);
  if (trim) out = out.replace(/0+$/, '');
  return out === '' && trim ? '' : sep + out;
}

/** time.Time.Format. */
export function formatCivil(t: Civil, layout: string): string {
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const c = nextStdChunk(rest);
    out += c.prefix;
    if (c.std === undefined) break;
    rest = c.suffix;
    const h12 = t.hour % 12 || 12;
    switch (c.std) {
      case '06':
        out += pad(Math.abs(t.year) % 100, 2);
        break;
      case '2006':
        out += pad(t.year, 4);
        break;
      case 'Jan':
        out += SHORT_MONTHS[t.month - 1];
        break;
      case 'January':
        out += LONG_MONTHS[t.month - 1];
        break;
      case '1':
        out += t.month;
        break;
      case '01':
        out += pad(t.month, 2);
        break;
      case 'Mon':
        out += SHORT_DAYS[t.weekday];
        break;
      case 'Monday':
        out += LONG_DAYS[t.weekday];
        break;
      case '2':
        out += t.day;
        break;
      case '_2':
        out += t.day < 10 ? ` ${t.day}` : t.day;
        break;
      case '02':
        out += pad(t.day, 2);
        break;
      case '__2':
        out += String(t.yday).padStart(3, ' ');
        break;
      case '002':
        out += pad(t.yday, 3);
        break;
      case '15':
        out += pad(t.hour, 2);
        break;
      case '3':
        out += h12;
        break;
      case '03':
        out += pad(h12, 2);
        break;
      case '4':
        out += t.min;
        break;
      case '04':
        out += pad(t.min, 2);
        break;
      case '5':
        out += t.sec;
        break;
      case '05':
        out += pad(t.sec, 2);
        break;
      case 'PM':
        out += t.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += t.hour >= 12 ? 'pm' : 'am';
        break;
      case 'MST':
        out += t.abbr !== '' ? t.abbr : zoneText('-0700', t.offset);
        break;
      case 'frac0':
      case 'frac9':
        out += fraction(t.nsec, c.digits!, c.sep!, c.std === 'frac9');
        break;
      default:
        out += zoneText(c.std, t.offset);
    }
  }
  return out;
}

/** A parsed time before its zone is resolved: `offset` or `zoneName` when the text had one. */
export interface ParsedCivil {
  year: number;
  month: number;
  day: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  /** "UTC" was given (Z or the name UTC). */
  utc: boolean;
  offset: number | undefined;
  zoneName: string;
}

function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

class ParseError extends Error {
  constructor(layout: string, value: string, elem: string, valueElem: string, message = '') {
    super(
      message === ''
        ? `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(elem)}`
        : `parsing time ${quote(value)}${message}`,
    );
  }
}

/** getnum: one or two digits (fixed: exactly two). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

function getnum3(s: string, fixed: boolean): [number, string] | undefined {
  let i = 0;
  while (i < 3 && isDigitAt(s, i)) i++;
  if (i === 0 || (fixed && i !== 3)) return undefined;
  return [Number(s.slice(0, i)), s.slice(i)];
}

function lookup(table: readonly string[], value: string): [number, string] | undefined {
  const i = table.findIndex(
    (name) =>
      value.length >= name.length &&
      value.slice(0, name.length).toLowerCase() === name.toLowerCase(),
  );
  return i < 0 ? undefined : [i, value.slice(table[i]!.length)];
}

/** skip: the layout's literal text, where a run of spaces matches any run of spaces. */
function skip(value: string, prefix: string): string | undefined {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return undefined;
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return undefined;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

function parseNanoseconds(value: string, n: number): number | undefined {
  if (value[0] !== '.' && value[0] !== ',') return undefined;
  const digits = value.slice(1, Math.min(n, 10));
  if (!/^\d+$/.test(digits)) return undefined;
  return Number(digits.padEnd(9, '0'));
}

/** time.parseTimeZone: the length of a zone abbreviation at the start of value, or 0. */
function timeZoneLength(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + signedOffsetLength(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return signedOffsetLength(value);
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper]! >= 'A' && value[upper]! <= 'Z') upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (upper === 5 && value[4] === 'T') return 5;
  return 0;
}

function signedOffsetLength(value: string): number {
  const m = /^[-+](\d+)/.exec(value);
  return m && Number(m[1]) <= 23 ? m[0].length : 0;
}

function daysIn(month: number, year: number): number {
  return month === 2 && isLeap(year) ? 29 : daysBefore(month + 1) - daysBefore(month);
}

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** time.parse: the civil fields and zone information a value gives under a layout. */
export function parseCivil(layout: string, value: string): ParsedCivil {
  const alayout = layout;
  const avalue = value;
  let amSet = false;
  let pmSet = false;
  const p: ParsedCivil = {
    year: 0,
    month: -1,
    day: -1,
    hour: 0,
    min: 0,
    sec: 0,
    nsec: 0,
    utc: false,
    offset: undefined,
    zoneName: '',
  };
  let yday = -1;
  for (;;) {
    const c = nextStdChunk(layout);
    const skipped = skip(value, c.prefix);
    if (skipped === undefined) throw new ParseError(alayout, avalue, c.prefix, value);
    value = skipped;
    if (c.std === undefined) {
      if (value.length !== 0)
        throw new ParseError(alayout, avalue, '', value, `: extra text: ${quote(value)}`);
      break;
    }
    layout = c.suffix;
    const hold = value;
    let range = '';
    let ok = true;
    const num = (r: [number, string] | undefined): number => {
      if (r === undefined) {
        ok = false;
        return 0;
      }
      value = r[1];
      return r[0];
    };
    switch (c.std) {
      case '06': {
        const two = value.slice(0, 2);
        if (two.length < 2 || !/^[-+]?\d+$/.test(two)) {
          ok = false;
          break;
        }
        value = value.slice(2);
        p.year = Number(two) + (Number(two) >= 69 ? 1900 : 2000);
        break;
      }
      case '2006': {
        const four = value.slice(0, 4);
        if (!/^\d{4}$/.test(four)) {
          ok = false;
          break;
        }
        value = value.slice(4);
        p.year = Number(four);
        break;
      }
      case 'Jan':
        p.month = num(lookup(SHORT_MONTHS, value)) + 1;
        break;
      case 'January':
        p.month = num(lookup(LONG_MONTHS, value)) + 1;
        break;
      case '1':
      case '01':
        p.month = num(getnum(value, c.std === '01'));
        if (ok && (p.month <= 0 || p.month > 12)) range = 'month';
        break;
      case 'Mon':
        num(lookup(SHORT_DAYS, value));
        break;
      case 'Monday':
        num(lookup(LONG_DAYS, value));
        break;
      case '2':
      case '_2':
      case '02':
        if (c.std === '_2' && value[0] === ' ') value = value.slice(1);
        p.day = num(getnum(value, c.std === '02'));
        break;
      case '__2':
      case '002':
        for (let i = 0; i < 2; i++) if (c.std === '__2' && value[0] === ' ') value = value.slice(1);
        yday = num(getnum3(value, c.std === '002'));
        break;
      case '15':
        p.hour = num(getnum(value, false));
        if (p.hour >= 24) range = 'hour';
        break;
      case '3':
      case '03':
        p.hour = num(getnum(value, c.std === '03'));
        if (p.hour > 12) range = 'hour';
        break;
      case '4':
      case '04':
        p.min = num(getnum(value, c.std === '04'));
        if (p.min >= 60) range = 'minute';
        break;
      case '5':
      case '05': {
        p.sec = num(getnum(value, c.std === '05'));
        if (!ok) break;
        if (p.sec >= 60) {
          range = 'second';
          break;
        }
        // A fractional second in the value that the layout does not name.
        if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigitAt(value, 1)) {
          const next = nextStdChunk(layout).std;
          if (next === 'frac0' || next === 'frac9') break;
          let n = 2;
          while (isDigitAt(value, n)) n++;
          p.nsec = parseNanoseconds(value, n)!;
          value = value.slice(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const two = value.slice(0, 2);
        value = value.slice(2);
        if (two === (c.std === 'PM' ? 'PM' : 'pm')) pmSet = true;
        else if (two === (c.std === 'PM' ? 'AM' : 'am')) amSet = true;
        else ok = false;
        break;
      }
      case 'MST': {
        if (value.startsWith('UTC')) {
          p.utc = true;
          value = value.slice(3);
          break;
        }
        const n = timeZoneLength(value);
        if (n === 0) {
          ok = false;
          break;
        }
        p.zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case 'frac0': {
        const n = 1 + c.digits!;
        if (value.length < n) {
          ok = false;
          break;
        }
        const ns = parseNanoseconds(value, n);
        if (ns === undefined) ok = false;
        else p.nsec = ns;
        value = value.slice(n);
        break;
      }
      case 'frac9': {
        if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigitAt(value, 1))
          break;
        let i = 0;
        while (isDigitAt(value, i + 1)) i++;
        p.nsec = parseNanoseconds(value, 1 + i)!;
        value = value.slice(1 + i);
        break;
      }
      default: {
        if (c.std.startsWith('Z') && value[0] === 'Z') {
          value = value.slice(1);
          p.utc = true;
          break;
        }
        const shape = c.std.replace(/^Z/, '-');
        const m =
          shape === '-07:00'
            ? /^(.)(..):(..)()/.exec(value)
            : shape === '-07'
              ? /^(.)(..)()()/.exec(value)
              : shape === '-07:00:00'
                ? /^(.)(..):(..):(..)/.exec(value)
                : shape === '-070000'
                  ? /^(.)(..)(..)(..)/.exec(value)
                  : /^(.)(..)(..)()/.exec(value);
        if (!m) {
          ok = false;
          break;
        }
        const [hh, mm, ss] = [m[2]!, m[3] || '00', m[4] || '00'];
        if (![hh, mm, ss].every((f) => /^\d\d$/.test(f)) || (m[1] !== '+' && m[1] !== '-')) {
          ok = false;
          break;
        }
        value = value.slice(m[0].length);
        if (Number(hh) > 24) range = 'time zone offset hour';
        if (Number(mm) > 60) range = 'time zone offset minute';
        if (Number(ss) > 60) range = 'time zone offset second';
        const offset = (Number(hh) * 60 + Number(mm)) * 60 + Number(ss);
        p.offset = m[1] === '-' ? -offset : offset;
      }
    }
    if (range !== '')
      throw new ParseError(alayout, avalue, c.text, value, `: ${range} out of range`);
    if (!ok) throw new ParseError(alayout, avalue, c.text, hold);
  }
  if (pmSet && p.hour < 12) p.hour += 12;
  else if (amSet && p.hour === 12) p.hour = 0;

  if (yday >= 0) {
    let m = 0;
    let d = 0;
    if (isLeap(p.year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365)
      throw new ParseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore(m + 1) < yday) m++;
      d = yday - daysBefore(m);
    }
    if (p.month >= 0 && p.month !== m)
      throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match month');
    p.month = m;
    if (p.day >= 0 && p.day !== d)
      throw new ParseError(alayout, avalue, '', value, ': day-of-year does not match day');
    p.day = d;
  } else {
    if (p.month < 0) p.month = 1;
    if (p.day < 0) p.day = 1;
  }
  if (p.day < 1 || p.day > daysIn(p.month, p.year))
    throw new ParseError(alayout, avalue, '', value, ': day out of range');
  return p;
}

/** Days before the first of `month` in a non-leap year. */
function daysBefore(month: number): number {
  return [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365][month - 1]!;
}
