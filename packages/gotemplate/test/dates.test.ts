import { describe, expect, it } from 'vitest';
import { functionSet, NON_DETERMINISTIC } from '../src/index.ts';
import { run } from './helpers.ts';

const sprig = (text: string) => run(text, {}, { funcs: 'sprig' });

// 1700000000 is 2023-11-14T22:13:20Z; 1704164645 is 2024-01-02T03:04:05Z.
// The 13 Jun 19 cases are Sprig's own documented examples.
const GMT = '(toDate "02 Jan 06 15:04:05 MST" "13 Jun 19 20:39:39 GMT")';

// Formatting with Go's reference-time layouts; Local is UTC.
const formatting: Array<[string, string]> = [
  ['{{date "2006-01-02T15:04:05Z07:00" 0}}', '1970-01-01T00:00:00Z'],
  ['{{date "Mon Jan _2 3:04PM 2006" 1700000000}}', 'Tue Nov 14 10:13PM 2023'],
  [
    '{{date "3:04:05 pm PM 03 _2 __2 002 Mon Monday Jan January 1 2 06 15" 1704164645}}',
    '3:04:05 am AM 03  2   2 002 Tue Tuesday Jan January 1 2 24 03',
  ],
  ['{{date "MST -0700 Z07:00" 0}}', 'UTC +0000 Z'],
  ['{{date "2006-01-02" (int64 1700000000)}}', '2023-11-14'],
  ['{{date "Jan" 0}} {{date "Janx" 0}} {{date "Monday Mond" 0}}', 'Jan Janx Thursday Mond'],
  ['{{date "_2006" 0}} {{date "2006.000" 0}} {{date "05.999" 0}}|', '_1970 1970.000 00|'],
  ['{{dateInZone "2006-01-02 15:04 MST" 1700000000 "America/New_York"}}', '2023-11-14 17:13 EST'],
  ['{{dateInZone "2006-01-02 15:04 MST" 1720000000 "Europe/Berlin"}}', '2024-07-03 11:46 CEST'],
  ['{{dateInZone "15:04 -07:00" 1700000000 "Asia/Kolkata"}}', '03:43 +05:30'],
  [
    '{{dateInZone "-07 -0700 -07:00 Z0700 -070000 -07:00:00" 1704164645 "Asia/Kathmandu"}}',
    '+05 +0545 +05:45 +0545 +054500 +05:45:00',
  ],
  [
    '{{dateInZone "2006-01-02T15:04:05Z07:00" 1704164645 "America/New_York"}}',
    '2024-01-01T22:04:05-05:00',
  ],
  ['{{dateInZone "2006-01-02 MST" 0 "Nowhere/Invalid"}}', '1970-01-01 UTC'],
  ['{{dateInZone "15:04 MST" 0 ""}} {{dateInZone "15:04 MST" 0 "Local"}}', '00:00 UTC 00:00 UTC'],
  [`{{date_in_zone "02 Jan 06 15:04 -0700" ${GMT} "UTC"}}`, '13 Jun 19 20:39 +0000'],
  ['{{htmlDate 1700000000}} {{htmlDateInZone 1700000000 "Asia/Tokyo"}}', '2023-11-14 2023-11-15'],
  [`{{unixEpoch ${GMT}}}`, '1560458379'],
  ['{{unixEpoch (toDate "2006-01-02" "1969-12-31")}}', '-86400'],
];

// toDate parses with time.ParseInLocation(layout, value, time.Local).
const parsing: Array<[string, string]> = [
  ['{{toDate "2006-01-02" "2017-12-31" | date "02/01/2006"}}', '31/12/2017'],
  ['{{toDate "2006-01-02" "2024-03-10"}}', '2024-03-10 00:00:00 +0000 UTC'],
  ['{{toDate "2006-01-02" "2024-03-10" | typeOf}}', 'time.Time'],
  ['{{(toDate "2006-01-02" "2024-03-10").Year}}', '2024'],
  ['{{toDate "2006-01-02" "not a date"}}', '0001-01-01 00:00:00 +0000 UTC'],
  [
    '{{toDate "2006-01-02T15:04:05Z07:00" "2024-05-01T10:00:00+02:00"}}',
    '2024-05-01 10:00:00 +0200 +0200',
  ],
  ['{{toDate "2006-01-02T15:04:05Z07:00" "2024-05-01T10:00:00+02:00" | unixEpoch}}', '1714550400'],
  [
    '{{toDate "2006-01-02T15:04:05Z07:00" "2024-05-01T10:00:00Z"}}',
    '2024-05-01 10:00:00 +0000 UTC',
  ],
  [
    '{{toDate "Jan 2, 2006 at 3:04pm (MST)" "Feb 3, 2013 at 7:54pm (PST)"}}',
    '2013-02-03 19:54:00 +0000 PST',
  ],
  [
    '{{toDate "2006-01-02 15:04:05.999999999" "2024-01-02 03:04:05.123456789" | date "05.000000000 .999 ,00"}}',
    '05.123456789 .123 ,12',
  ],
  ['{{toDate "2006-01-02 15:04:05" "2024-01-02 03:04:05.25" | date ".999"}}', '.25'],
  ['{{toDate "2006-002" "2024-060" | date "Jan 2"}}', 'Feb 29'],
  ['{{toDate "02 Jan 06" "01 feb 70" | date "2006-01-02"}}', '1970-02-01'],
  ['{{toDate "2006  01" "2024 3" | date "2006-01"}}', '0001-01'],
  ['{{toDate "3:04PM" "12:30AM" | date "15:04"}}', '00:30'],
  ['{{toDate "Mon, 02 Jan 2006" "Sun, 10 Mar 2024" | htmlDate}}', '2024-03-10'],
];

// dateModify adds a time.ParseDuration to a time.Time; on a bad duration it returns the time.
const modifying: Array<[string, string]> = [
  [
    '{{toDate "2006-01-02 15:04:05.000" "2024-02-29 23:59:58.123" | dateModify "1.5s"}}',
    '2024-02-29 23:59:59.623 +0000 UTC',
  ],
  ['{{toDate "2006-01-02" "2024-01-31" | dateModify "-24h" | date "Jan 2"}}', 'Jan 30'],
  ['{{toDate "2006-01-02" "2024-01-31" | dateModify "nope" | htmlDate}}', '2024-01-31'],
  ['{{toDate "2006" "2024" | date_modify "+1h30m" | date "15:04"}}', '01:30'],
  ['{{toDate "2006" "2024" | dateModify ".5m" | date "04:05"}}', '00:30'],
  ['{{toDate "2006" "2024" | dateModify "1ms1us1ns" | date ".000000000"}}', '.001001001'],
  [
    '{{mustDateModify "2h30m" (toDate "15:04" "22:00") | date "2006-01-02 15:04"}}',
    '0000-01-02 00:30',
  ],
  [
    '{{must_date_modify "-1.5h" (toDate "2006" "2024") | date "2006-01-02 15:04"}}',
    '2023-12-31 22:30',
  ],
];

// Sprig's duration (seconds as a string or int64) and durationRound (the largest unit).
const durations: Array<[string, string]> = [
  ['{{duration "61"}} {{duration "3600"}} {{duration "93784"}}', '1m1s 1h0m0s 26h3m4s'],
  [
    '{{duration (int64 45)}} {{duration 45}} {{duration "x"}} {{duration "-90"}}',
    '45s 0s 0s -1m30s',
  ],
  ['{{durationRound "2h5s"}} {{durationRound "24h5s"}} {{durationRound "2400h5s"}}', '2h 1d 3mo'],
  ['{{durationRound "8760h1s"}} {{durationRound "-90m"}} {{durationRound "59s"}}', '1y 1h 59s'],
  [
    '{{durationRound (int64 3600000000000)}} {{durationRound 5}} {{durationRound "bad"}}',
    '60m 0s 0s',
  ],
  ['{{durationRound "1s"}} {{durationRound "1.5s"}}', '0s 1s'],
];

describe.each(Object.entries({ formatting, parsing, modifying, durations }))(
  'sprig dates: %s',
  (_, table) => {
    it.each(table)('%j', (text, out) => {
      expect(sprig(text)).toBe(out);
    });
  },
);

// Go's errors: time.ParseError texts from mustToDate, time.ParseDuration's from mustDateModify.
const errors: Array<[string, string]> = [
  [
    '{{mustToDate "2006-01-02" "2024-13-01"}}',
    'error calling mustToDate: parsing time "2024-13-01": month out of range',
  ],
  [
    '{{mustToDate "2006-01-02" "24-01-01"}}',
    'error calling mustToDate: parsing time "24-01-01" as "2006-01-02": cannot parse "24-01-01" as "2006"',
  ],
  [
    '{{mustToDate "2006-01-02" "2024-02-30"}}',
    'error calling mustToDate: parsing time "2024-02-30": day out of range',
  ],
  [
    '{{mustToDate "2006-01-02" "2024-01-02 extra"}}',
    'error calling mustToDate: parsing time "2024-01-02 extra": extra text: " extra"',
  ],
  [
    '{{mustToDate "15:04" "25:00"}}',
    'error calling mustToDate: parsing time "25:00": hour out of range',
  ],
  [
    '{{mustToDate "2006-01-02" "2024/01/02"}}',
    'error calling mustToDate: parsing time "2024/01/02" as "2006-01-02": cannot parse "/01/02" as "-"',
  ],
  [
    '{{mustToDate "Jan 2" "Foo 2"}}',
    'error calling mustToDate: parsing time "Foo 2" as "Jan 2": cannot parse "Foo 2" as "Jan"',
  ],
  [
    '{{mustDateModify "1x" (toDate "2006" "2024")}}',
    'error calling mustDateModify: time: unknown unit "x" in duration "1x"',
  ],
  [
    '{{mustDateModify "abc" (toDate "2006" "2024")}}',
    'error calling mustDateModify: time: invalid duration "abc"',
  ],
  [
    '{{mustDateModify "10" (toDate "2006" "2024")}}',
    'error calling mustDateModify: time: missing unit in duration "10"',
  ],
  ['{{dateModify "1h" "2024"}}', `can't handle "2024" for arg of type time.Time`],
  ['{{unixEpoch 5}}', `can't handle 5 for arg of type time.Time`],
  ['{{"2024" | unixEpoch}}', 'wrong type for value; expected time.Time; got string'],
  ['{{dateModify "1h" nil}}', 'cannot assign nil to time.Time'],
];

describe('sprig date errors', () => {
  it.each(errors)('%j', (text, message) => {
    expect(sprig(text)).toMatch(/^ERR: template: t:1:\d+: executing "t" at <.*>: /);
    expect(sprig(text)).toContain(message);
  });
});

describe('date function sets', () => {
  it('keeps the deterministic date functions in sprig and the clock ones out', () => {
    const set = functionSet('sprig');
    for (const name of [
      'date',
      'dateInZone',
      'htmlDate',
      'toDate',
      'dateModify',
      'durationRound',
    ]) {
      expect(set.has(name)).toBe(true);
    }
    for (const name of ['now', 'ago']) {
      expect(NON_DETERMINISTIC.has(name)).toBe(true);
      expect(set.has(name)).toBe(false);
    }
  });

  it('formats ago as a rounded Go duration (clock-dependent, so only its shape)', () => {
    const out = run('{{ago (toDate "2006" "2000")}}', {}, { funcs: 'argocd' });
    expect(out).toMatch(/^\d+h\d+m\d+s$/);
  });
});
