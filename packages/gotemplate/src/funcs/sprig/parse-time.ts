/**
 * time.ParseInLocation's reading of a value under a reference-time layout, element by
 * element as Go's time/format.go reads it, with Go's ParseError texts.
 */
import {
  isDigitAt,
  LONG_DAYS,
  LONG_MONTHS,
  nextStdChunk,
  SHORT_DAYS,
  SHORT_MONTHS,
} from './layout.ts';

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
