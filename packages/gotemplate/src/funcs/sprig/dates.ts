/**
 * Sprig's date helpers over Go's reference-time layouts ("2006-01-02T15:04:05Z07:00"),
 * computed in UTC, and time.Duration's string form.
 */
import { GoNumber, GoStruct, type GoValue, num } from '../../value.ts';

export function timeValue(ms: number): GoStruct {
  const d = new Date(ms);
  return new GoStruct(
    'time.Time',
    {},
    { Unix: () => new GoNumber('int64', Math.floor(ms / 1000)) },
    () => `${formatLayout(d, '2006-01-02 15:04:05.999999999 -0700')} UTC`,
  );
}

export function toMillis(v: GoValue): number {
  if (v instanceof GoStruct && v.typeName === 'time.Time') return num(v.methods.Unix!()) * 1000;
  if (typeof v === 'number' || v instanceof GoNumber) return num(v) * 1000;
  return Date.now();
}

const MONTHS = [
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
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const LAYOUT_TOKENS =
  /2006|January|Jan|Monday|Mon|MST|Z07:00|Z0700|-07:00|-0700|\.0+|\.9+|01|02|_2|03|04|05|06|15|PM|pm|1|2|3|4|5/g;

/** time.Format with Go's reference-time layout, in UTC. */
export function formatLayout(d: Date, layout: string): string {
  const p2 = (n: number) => String(n).padStart(2, '0');
  const h12 = d.getUTCHours() % 12 || 12;
  return layout.replace(LAYOUT_TOKENS, (t) => {
    if (t.startsWith('.0'))
      return `.${String(d.getUTCMilliseconds())
        .padStart(3, '0')
        .padEnd(t.length - 1, '0')
        .slice(0, t.length - 1)}`;
    if (t.startsWith('.9')) {
      const frac = String(d.getUTCMilliseconds()).padStart(3, '0').replace(/0+$/, '');
      return frac ? `.${frac.slice(0, t.length - 1)}` : '';
    }
    switch (t) {
      case '2006':
        return String(d.getUTCFullYear());
      case '06':
        return p2(d.getUTCFullYear() % 100);
      case 'January':
        return MONTHS[d.getUTCMonth()]!;
      case 'Jan':
        return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case '01':
        return p2(d.getUTCMonth() + 1);
      case '1':
        return String(d.getUTCMonth() + 1);
      case 'Monday':
        return DAYS[d.getUTCDay()]!;
      case 'Mon':
        return DAYS[d.getUTCDay()]!.slice(0, 3);
      case '02':
        return p2(d.getUTCDate());
      case '_2':
        return String(d.getUTCDate()).padStart(2, ' ');
      case '2':
        return String(d.getUTCDate());
      case '15':
        return p2(d.getUTCHours());
      case '03':
        return p2(h12);
      case '3':
        return String(h12);
      case '04':
        return p2(d.getUTCMinutes());
      case '4':
        return String(d.getUTCMinutes());
      case '05':
        return p2(d.getUTCSeconds());
      case '5':
        return String(d.getUTCSeconds());
      case 'PM':
        return d.getUTCHours() >= 12 ? 'PM' : 'AM';
      case 'pm':
        return d.getUTCHours() >= 12 ? 'pm' : 'am';
      case 'MST':
        return 'UTC';
      case 'Z07:00':
      case 'Z0700':
        return 'Z';
      case '-07:00':
        return '+00:00';
      default:
        return '+0000';
    }
  });
}

/** time.Duration.String for whole seconds: 1h2m3s, 45s, 0s. */
export function durationString(seconds: number): string {
  if (seconds === 0) return '0s';
  const sign = seconds < 0 ? '-' : '';
  let s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${sign}${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
