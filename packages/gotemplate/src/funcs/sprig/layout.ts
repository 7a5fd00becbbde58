/**
 * Go's reference-time layouts ("Mon Jan 2 15:04:05 MST 2006"): how Go's time/format.go
 * cuts a layout into elements, and time.Format.
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

export function isDigitAt(s: string, i: number): boolean {
  return i < s.length && s[i]! >= '0' && s[i]! <= '9';
}

/** time.nextStdChunk: the text before the first layout element, the element, the rest. */
export function nextStdChunk(layout: string): Chunk {
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
export const LONG_DAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
export const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));
export const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));

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
