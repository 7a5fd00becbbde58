// The "duration" format as kubeconform registers it (pkg/validator, #328): Kubernetes APIs
// take Go durations (`5m`, `1h30m`) while JSON Schema means ISO 8601 (`PT1H`); both pass.

const goUnits = new Set(['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h']);

/** Whether Go's time.ParseDuration accepts `text` (range overflow aside). */
export function isGoDuration(text: string): boolean {
  let rest = text.replace(/^[-+]/, '');
  if (rest === '0') return true;
  if (rest === '') return false;
  while (rest !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if ((number[1] ?? '') === '' && (number[2] ?? '') === '') return false;
    rest = rest.slice(number[0].length);
    // The unit runs to the next digit or dot and must be one of Go's, exactly.
    const unit = /^[^\d.]*/.exec(rest)![0];
    if (!goUnits.has(unit)) return false;
    rest = rest.slice(unit.length);
  }
  return true;
}

/**
 * Why `text` is not a duration, in kubeconform's words, or undefined when it is one. The
 * ISO 8601 reasons are kubeconform's validateDuration's, checked after Go's parser says no.
 */
export function durationError(text: string): string | undefined {
  if (isGoDuration(text)) return undefined;
  if (!text.startsWith('P')) return 'must start with P';
  let rest = text.slice(1);
  if (rest === '') return 'nothing after P';
  if (rest.endsWith('W')) {
    const weeks = rest.slice(0, -1);
    if (weeks === '') return 'no number in week';
    return /^\d+$/.test(weeks) ? undefined : 'invalid week';
  }
  const allUnits = ['YMD', 'HMS'];
  const parts = rest.split('T');
  for (const [i, part] of parts.entries()) {
    if (i !== 0 && part === '') return 'no time elements';
    if (i >= allUnits.length) return 'more than one T';
    let units = allUnits[i]!;
    rest = part;
    while (rest !== '') {
      const digits = /^\d*/.exec(rest)![0].length;
      if (digits === 0) return 'missing number';
      rest = rest.slice(digits);
      if (rest === '') return 'missing unit';
      const unit = rest[0]!;
      const j = units.indexOf(unit);
      if (j === -1) {
        return allUnits[i]!.includes(unit)
          ? `unit '${unit}' out of order`
          : `invalid unit '${unit}'`;
      }
      units = units.slice(j + 1);
      rest = rest.slice(1);
    }
  }
  return undefined;
}
