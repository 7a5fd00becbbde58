/**
 * Go's time.Time and time.Duration as Sprig's date functions see them, and those functions.
 * Local is UTC: Argo CD's controller image sets no TZ and has no /etc/localtime, so Go's
 * Local there is UTC (printed "UTC"). Other zones come from the IANA database through Intl.
 */
import { GoNumber, GoStruct, type GoValue, int64 } from '../../value.ts';
import { def, type GoFunc } from '../signature.ts';
import { type Civil, formatCivil } from './layout.ts';
import { type ParsedCivil, parseCivil } from './parse-time.ts';

/** A time.Location: UTC, Local (= UTC here), an IANA zone, or a fixed offset. */
export type Zone =
  | { kind: 'utc' | 'local' }
  | { kind: 'iana'; name: string }
  | { kind: 'fixed'; abbr: string; offset: number };

const UTC: Zone = { kind: 'utc' };
const LOCAL: Zone = { kind: 'local' };

interface TimeData {
  /** Unix seconds. */
  sec: number;
  nsec: number;
  zone: Zone;
}

const TIME = Symbol('goTime');
const STRING_LAYOUT = '2006-01-02 15:04:05.999999999 -0700 MST';
const NS = 1_000_000_000n;

/** A time.Time value: prints as Go's Time.String, with Go's exported no-argument methods. */
export function timeValue(sec: number, nsec: number, zone: Zone = LOCAL): GoStruct {
  const data: TimeData = { sec, nsec, zone };
  const civil = () => civilOf(data);
  const t = new GoStruct(
    'time.Time',
    {},
    {
      Unix: () => int64(sec),
      Year: () => civil().year,
      Day: () => civil().day,
      YearDay: () => civil().yday,
      Hour: () => civil().hour,
      Minute: () => civil().min,
      Second: () => civil().sec,
      Nanosecond: () => nsec,
      IsZero: () => sec === ZERO_TIME_SEC && nsec === 0,
      UTC: () => timeValue(sec, nsec, UTC),
      Local: () => timeValue(sec, nsec, LOCAL),
      String: () => formatCivil(civil(), STRING_LAYOUT),
    },
    () => formatCivil(civil(), STRING_LAYOUT),
  );
  Object.defineProperty(t, TIME, { value: data });
  return t;
}

/** The zero time.Time: January 1, year 1, 00:00:00 UTC. */
const ZERO_TIME_SEC = -62135596800;

function timeData(v: GoValue): TimeData | undefined {
  return v instanceof GoStruct ? (v as unknown as { [TIME]?: TimeData })[TIME] : undefined;
}

export function now(): GoStruct {
  const ms = Date.now();
  return timeValue(Math.floor(ms / 1000), (ms % 1000) * 1_000_000);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string, locale = 'en-US', abbr = false): Intl.DateTimeFormat {
  const key = `${zone}\0${locale}\0${abbr}`;
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      ...(abbr ? { timeZoneName: 'short' } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Offset (seconds east of UTC) and abbreviation of a zone at an instant. */
function zoneAt(zone: Zone, sec: number): { offset: number; abbr: string } {
  switch (zone.kind) {
    case 'utc':
    case 'local':
      return { offset: 0, abbr: 'UTC' };
    case 'fixed':
      return zone;
  }
  const date = new Date(sec * 1000);
  const parts = Object.fromEntries(
    formatter(zone.name)
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const year =
    parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year);
  const wall = new Date(0);
  wall.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day));
  wall.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall.getTime() - Math.floor(sec) * 1000) / 1000);
  return { offset, abbr: abbreviation(zone.name, date, offset) };
}

/**
 * The zone abbreviation Go takes from tzdata ("CET", "EST"). ICU knows the common ones in
 * en-US or en-GB; elsewhere tzdata itself uses numeric abbreviations ("+04"), which is
 * what is printed then.
 */
function abbreviation(zone: string, date: Date, offset: number): string {
  for (const locale of ['en-US', 'en-GB']) {
    const name = formatter(zone, locale, true)
      .formatToParts(date)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (name && /^[A-Z]{3,5}$/.test(name) && (name !== 'GMT' || offset === 0)) return name;
  }
  const minutes = Math.abs(Math.trunc(offset / 60));
  const hh = String(Math.trunc(minutes / 60)).padStart(2, '0');
  const mm = minutes % 60 ? String(minutes % 60).padStart(2, '0') : '';
  return `${offset < 0 ? '-' : '+'}${hh}${mm}`;
}

function civilOf(t: TimeData): Civil {
  const { offset, abbr } = zoneAt(t.zone, t.sec);
  const d = new Date((t.sec + offset) * 1000);
  const jan1 = new Date(0);
  jan1.setUTCFullYear(d.getUTCFullYear(), 0, 1);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    min: d.getUTCMinutes(),
    sec: d.getUTCSeconds(),
    nsec: t.nsec,
    weekday: d.getUTCDay(),
    yday: Math.floor((d.getTime() - jan1.getTime()) / 86_400_000) + 1,
    offset,
    abbr,
  };
}

/** Seconds since the epoch of a civil time read as UTC (time.Date normalises overflow). */
function civilSeconds(p: ParsedCivil): number {
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.month - 1, p.day);
  d.setUTCHours(p.hour, p.min, p.sec);
  return d.getTime() / 1000;
}

/** time.LoadLocation; undefined where Go's would fail. */
export function loadLocation(name: string): Zone | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return LOCAL;
  try {
    const resolved = formatter(name).resolvedOptions().timeZone;
    // Intl ignores case; tzdata file names do not.
    if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name) return undefined;
    return { kind: 'iana', name };
  } catch {
    return undefined;
  }
}

/** time.ParseInLocation(layout, value, time.Local), Local being UTC. */
export function parseTime(layout: string, value: string): GoStruct {
  const p = parseCivil(layout, value);
  const sec = civilSeconds(p);
  if (p.utc) return timeValue(sec, p.nsec, UTC);
  if (p.offset !== undefined) {
    // Local (UTC) is used when the offset is its own; otherwise a fixed zone records it.
    if (p.offset === 0 && (p.zoneName === '' || p.zoneName === 'UTC'))
      return timeValue(sec, p.nsec, LOCAL);
    return timeValue(sec - p.offset, p.nsec, { kind: 'fixed', abbr: p.zoneName, offset: p.offset });
  }
  if (p.zoneName !== '') {
    const gmt = p.zoneName.length > 3 && p.zoneName.startsWith('GMT');
    const offset = gmt ? Number(p.zoneName.slice(3)) * 3600 : 0;
    return timeValue(sec, p.nsec, { kind: 'fixed', abbr: p.zoneName, offset });
  }
  return timeValue(sec, p.nsec, LOCAL);
}

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n,
  μs: 1000n,
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};
const MAX_DURATION = (1n << 63n) - 1n;

/** time.ParseDuration: nanoseconds, or Go's error. */
export function parseDuration(orig: string): bigint {
  const invalid = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let d = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.' || (m[1] === '' && (m[2] ?? '') === '')) throw invalid();
    s = s.slice(m[0].length);
    const unitText = /^[^.\d]*/.exec(s)![0];
    if (unitText === '') throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    s = s.slice(unitText.length);
    const unit = UNITS[unitText];
    if (unit === undefined)
      throw new Error(`time: unknown unit ${goQuote(unitText)} in duration ${goQuote(orig)}`);
    let v = BigInt(m[1] || '0') * unit;
    const frac = (m[2] ?? '').slice(0, 18);
    if (frac !== '' && /[1-9]/.test(frac)) {
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / 10 ** frac.length)));
    }
    d += v;
    if (d > 1n << 63n) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX_DURATION) throw invalid();
  return d;
}

function goQuote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

/** time.Duration.String: 1h2m3.5s, 1.5ms, 0s. */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NS) {
    const [prec, unit] = u < 1000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const [frac, rest] = fmtFrac(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, rest] = fmtFrac(u, 9);
    u = rest;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** fmtFrac: the fraction of v / 10^prec without trailing zeros, and the integer part. */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  const scale = 10n ** BigInt(prec);
  const frac = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '');
  return [frac === '' ? '' : `.${frac}`, v / scale];
}

function addDuration(t: TimeData, d: bigint): GoStruct {
  const total = BigInt(t.sec) * NS + BigInt(t.nsec) + d;
  let sec = total / NS;
  let nsec = total % NS;
  if (nsec < 0n) {
    nsec += NS;
    sec -= 1n;
  }
  return timeValue(Number(sec), Number(nsec), t.zone);
}

function sinceNanos(t: TimeData): bigint {
  const ms = BigInt(Date.now());
  return ms * 1_000_000n - (BigInt(t.sec) * NS + BigInt(t.nsec));
}

/** The time a Sprig date function takes: time.Time, or seconds as int/int32/int64; else now. */
function toTime(v: GoValue, types: readonly string[]): TimeData {
  const t = timeData(v);
  if (t) return t;
  if (typeof v === 'number' && Number.isInteger(v) && types.includes('int'))
    return { sec: v, nsec: 0, zone: LOCAL };
  if (v instanceof GoNumber && types.includes(v.type))
    return { sec: v.value, nsec: 0, zone: LOCAL };
  return timeData(now())!;
}

function dateInZone(layout: string, date: GoValue, zone: string): string {
  const t = toTime(date, ['int', 'int32', 'int64']);
  return formatCivil(civilOf({ ...t, zone: loadLocation(zone) ?? UTC }), layout);
}

function unwrap(v: GoValue): TimeData {
  return timeData(v)!;
}

function dateModify(fmt: string, date: GoValue): GoValue {
  try {
    return addDuration(unwrap(date), parseDuration(fmt));
  } catch {
    return date;
  }
}

/** Sprig's durationRound: the largest whole unit, years of 365 days and months of 30. */
function durationRound(v: GoValue): string {
  let d = 0n;
  if (typeof v === 'string') {
    try {
      d = parseDuration(v);
    } catch {}
  } else if (v instanceof GoNumber && v.type === 'int64') d = BigInt(v.value);
  else if (timeData(v)) d = sinceNanos(timeData(v)!);
  const u = d < 0n ? -d : d;
  const hour = 3600n * NS;
  const units: Array<[bigint, string]> = [
    [hour * 24n * 365n, 'y'],
    [hour * 24n * 30n, 'mo'],
    [hour * 24n, 'd'],
    [hour, 'h'],
    [60n * NS, 'm'],
    [NS, 's'],
  ];
  for (const [size, name] of units) if (u > size) return `${u / size}${name}`;
  return '0s';
}

/** Sprig's duration: seconds given as a string or an int64 (any other type is 0). */
function duration(v: GoValue): string {
  let n = 0n;
  if (typeof v === 'string') n = /^[-+]?\d+$/.test(v) ? BigInt(v) : 0n;
  else if (v instanceof GoNumber && v.type === 'int64') n = BigInt(v.value);
  return durationString(n * NS);
}

/** Duration.Round(time.Second): halves away from zero. */
function roundSecond(d: bigint): bigint {
  const r = d % NS;
  const abs = r < 0n ? -r : r;
  if (abs + abs < NS) return d - r;
  return d < 0n ? d - r - NS : d - r + NS;
}

const toDate = (layout: string, value: string) => {
  try {
    return parseTime(layout, value);
  } catch {
    return timeValue(ZERO_TIME_SEC, 0, UTC);
  }
};
const mustDateModify = (fmt: string, date: GoValue) =>
  addDuration(unwrap(date), parseDuration(fmt));

/** Sprig's date functions that are a function of their arguments (Local being UTC). */
export const dateFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['date', def(['string', 'any'], (f: string, d: GoValue) => dateInZone(f, d, 'Local'))],
  ['dateInZone', def(['string', 'any', 'string'], dateInZone)],
  ['date_in_zone', def(['string', 'any', 'string'], dateInZone)],
  ['htmlDate', def(['any'], (d: GoValue) => dateInZone('2006-01-02', d, 'Local'))],
  [
    'htmlDateInZone',
    def(['any', 'string'], (d: GoValue, z: string) => dateInZone('2006-01-02', d, z)),
  ],
  ['dateModify', def(['string', 'time'], dateModify)],
  ['date_modify', def(['string', 'time'], dateModify)],
  ['mustDateModify', def(['string', 'time'], mustDateModify)],
  ['must_date_modify', def(['string', 'time'], mustDateModify)],
  ['toDate', def(['string', 'string'], toDate)],
  ['mustToDate', def(['string', 'string'], parseTime)],
  ['unixEpoch', def(['time'], (t: GoValue) => String(unwrap(t).sec))],
  ['duration', def(['any'], duration)],
  ['durationRound', def(['any'], durationRound)],
];

/** Sprig's clock functions. */
export const clockFuncs: ReadonlyArray<[string, GoFunc]> = [
  ['now', def([], now)],
  [
    'ago',
    def(['any'], (d: GoValue) =>
      durationString(roundSecond(sinceNanos(toTime(d, ['int', 'int64'])))),
    ),
  ],
];
