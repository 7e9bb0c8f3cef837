/**
 * Go's `time.ParseDuration`, which is how Kubernetes decodes every `metav1.Duration` field
 * (`"90s"`, `"1m30s"`, `"-1.5h"`, `"300ms"`). Calico receives durations only through that decoder,
 * so a text it refuses makes the whole resource fail to decode.
 *
 * Accepted: an optional sign, then one or more `<number><unit>` pairs where the number is decimal
 * with an optional fraction (at least one digit overall) and the unit one of ns, us, µs, μs, ms, s,
 * m, h; or the bare text `0`. Refused: the empty string, a number without a unit, unknown units,
 * and values beyond about 292 years (the int64 nanosecond range).
 *
 * Invariant: never throws; big values are handled with BigInt so there is no rounding surprise.
 */
import { quoteValue } from '../../util/strings';

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1000000n,
  s: 1000000000n,
  m: 60000000000n,
  h: 3600000000000n,
};

const MAX = (1n << 63n) - 1n;

export type DurationResult = { ok: true; nanos: bigint } | { ok: false; reason: string };

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Parses `s` as Go's time.ParseDuration does. */
export function parseGoDuration(s: string): DurationResult {
  let rest = s;
  let neg = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    neg = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return { ok: true, nanos: 0n };
  if (rest === '') return { ok: false, reason: s === '' ? 'it is empty' : 'it has no number' };
  let total = 0n;
  while (rest !== '') {
    if (!(rest[0] === '.' || isDigit(rest[0]))) return { ok: false, reason: `unexpected ${quoteValue(rest[0])}` };
    let i = 0;
    while (isDigit(rest[i])) i++;
    const whole = rest.slice(0, i);
    rest = rest.slice(i);
    let frac = '';
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      let j = 0;
      while (isDigit(rest[j])) j++;
      frac = rest.slice(0, j);
      rest = rest.slice(j);
    }
    if (whole === '' && frac === '') return { ok: false, reason: 'a number is missing before a unit' };
    let k = 0;
    while (k < rest.length && rest[k] !== '.' && !isDigit(rest[k])) k++;
    if (k === 0) return { ok: false, reason: `the number ${whole}${frac ? '.' + frac : ''} has no unit; use ns, us, ms, s, m or h` };
    const unitText = rest.slice(0, k);
    rest = rest.slice(k);
    const unit = UNITS[unitText];
    if (unit === undefined) return { ok: false, reason: `${quoteValue(unitText.trim() || unitText)} is not a duration unit; use ns, us, ms, s, m or h` };
    const w = whole === '' ? 0n : BigInt(whole);
    if (w > MAX / unit) return { ok: false, reason: 'it is too large (the limit is about 292 years)' };
    let v = w * unit;
    if (frac !== '') {
      // Go scales the fraction in floating point and truncates; the exact rational is within a
      // nanosecond of that, which only matters at the very edge of the range.
      v += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    total += v;
    if (total > MAX + (neg ? 1n : 0n)) return { ok: false, reason: 'it is too large (the limit is about 292 years)' };
  }
  return { ok: true, nanos: neg ? -total : total };
}

function fmtFrac(v: bigint, prec: number): { frac: string; rest: bigint } {
  // The `prec` lowest decimal digits of v as a fraction, trailing zeros dropped.
  let digits = '';
  let print = false;
  let rest = v;
  for (let i = 0; i < prec; i++) {
    const digit = rest % 10n;
    print = print || digit !== 0n;
    if (print) digits = digit.toString() + digits;
    rest /= 10n;
  }
  return { frac: print ? `.${digits}` : '', rest };
}

/** Go's `time.Duration.String()`, which is how Calico writes a duration back out (90s → 1m30s). */
export function goDurationString(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  let u = neg ? -nanos : nanos;
  let out: string;
  if (u < 1000000000n) {
    if (u < 1000n) out = `${u}ns`;
    else {
      const micro = u < 1000000n;
      const { frac, rest } = fmtFrac(u, micro ? 3 : 6);
      out = `${rest}${frac}${micro ? 'µs' : 'ms'}`;
    }
  } else {
    const { frac, rest } = fmtFrac(u, 9);
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
