/**
 * Go's parsers for the value types the conntrack components read, reproduced exactly, so that a
 * value is called unparseable only when the component itself cannot parse it:
 * - `time.ParseDuration` (pflag's Duration flags, conntrack-cleaner's dump frequency), through
 *   the implementation the Kubernetes duration checks use;
 * - `strconv.Atoi` (conntrack-cleaner's renewal threshold);
 * - `strconv.ParseInt(s, 0, 64)` (pflag's Int flags; base prefixes and digit-separating `_`);
 * - `strconv.ParseFloat(s, 64)` (pflag's Float64 flags).
 * Sources: https://cs.opensource.google/go/go/+/refs/tags/go1.22.0:src/time/format.go (ParseDuration),
 * src/strconv/atoi.go and src/strconv/atof.go.
 *
 * Invariants: pure and linear in the input (single left-to-right scans, no regular expression with
 * backtracking); never throws; integers are exact (BigInt) where Go's range checks matter.
 */

import { parseGoDuration as parseDuration } from '../rules/resources/go-duration';

export type GoParse<T> = { ok: true; value: T } | { ok: false; reason: string };

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/**
 * `time.ParseDuration`: the value in nanoseconds (a BigInt within int64), or why Go refuses it.
 * The one implementation of it lives with the Kubernetes duration checks (`rules/resources/go-duration.ts`).
 */
export function parseGoDuration(input: string): GoParse<bigint> {
  const r = parseDuration(input);
  return r.ok ? { ok: true, value: r.nanos } : r;
}

/** `strconv.Atoi` on a 64-bit platform: optional sign, decimal digits only. */
export function parseGoAtoi(s: string): GoParse<bigint> {
  let i = 0;
  if (s[0] === '+' || s[0] === '-') i = 1;
  if (i >= s.length) return { ok: false, reason: 'it has no digits' };
  for (let j = i; j < s.length; j++) if (!isDigit(s[j])) return { ok: false, reason: `${JSON.stringify(s[j])} is not a decimal digit` };
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) return { ok: false, reason: 'it is out of the 64-bit integer range' };
  return { ok: true, value: v };
}

function digitValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  const l = c.toLowerCase();
  if (l >= 'a' && l <= 'z') return l.charCodeAt(0) - 87;
  return 99;
}

/** `strconv.ParseInt(s, 0, 64)`: base from the prefix (0x, 0o, 0b, leading 0), `_` between digits. */
export function parseGoInt(s: string): GoParse<bigint> {
  let i = 0;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    i = 1;
  }
  if (i >= s.length) return { ok: false, reason: 'it has no digits' };
  let base = 10;
  let prefixed = false;
  if (s[i] === '0' && i + 1 < s.length) {
    const p = s[i + 1]!.toLowerCase();
    if (p === 'x') { base = 16; i += 2; prefixed = true; }
    else if (p === 'o') { base = 8; i += 2; prefixed = true; }
    else if (p === 'b') { base = 2; i += 2; prefixed = true; }
    else base = 8; // a leading 0 is itself an octal digit
  }
  let v = 0n;
  let digits = 0;
  // Underscores must separate digits (or the base prefix and a digit): no leading, trailing or double `_`.
  let lastWasDigit = prefixed;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '_') {
      if (!lastWasDigit) return { ok: false, reason: "'_' must stand between digits" };
      lastWasDigit = false;
      continue;
    }
    const d = digitValue(c);
    if (d >= base) return { ok: false, reason: `${JSON.stringify(c)} is not a digit in base ${base}` };
    v = v * BigInt(base) + BigInt(d);
    digits++;
    lastWasDigit = true;
  }
  if (!lastWasDigit) return { ok: false, reason: "'_' must stand between digits" };
  if (digits === 0) return { ok: false, reason: 'it has no digits' };
  if (neg) v = -v;
  if (v > INT64_MAX || v < INT64_MIN) return { ok: false, reason: 'it is out of the 64-bit integer range' };
  return { ok: true, value: v };
}

/**
 * `strconv.ParseFloat(s, 64)` for the decimal forms (sign, digits with an optional point and
 * exponent, `_` between digits only with a base prefix, which decimal floats do not have), hexadecimal
 * floats (`0x1p-2`) and the special values `inf`, `infinity`, `nan` in any case.
 */
export function parseGoFloat(s: string): GoParse<number> {
  let i = 0;
  let sign = 1;
  if (s[0] === '+' || s[0] === '-') {
    sign = s[0] === '-' ? -1 : 1;
    i = 1;
  }
  const rest = s.slice(i).toLowerCase();
  if (rest === 'inf' || rest === 'infinity') return { ok: true, value: sign * Infinity };
  if (rest === 'nan' && i === 0) return { ok: true, value: NaN };
  if (rest.startsWith('0x')) return parseHexFloat(rest.slice(2), sign);
  let j = 0;
  let mant = 0;
  while (isDigit(rest[j])) { j++; mant++; }
  if (rest[j] === '.') {
    j++;
    while (isDigit(rest[j])) { j++; mant++; }
  }
  if (mant === 0) return { ok: false, reason: 'it is not a number' };
  if (rest[j] === 'e') {
    j++;
    if (rest[j] === '+' || rest[j] === '-') j++;
    const es = j;
    while (isDigit(rest[j])) j++;
    if (j === es) return { ok: false, reason: 'its exponent has no digits' };
  }
  if (j !== rest.length) return { ok: false, reason: `${JSON.stringify(rest[j])} is not part of a number` };
  const value = sign * Number(rest);
  // Go reports a finite literal that rounds to infinity as out of range.
  if (!Number.isFinite(value)) return { ok: false, reason: 'it is out of the float64 range' };
  return { ok: true, value };
}

function parseHexFloat(body: string, sign: number): GoParse<number> {
  let j = 0;
  let mant = 0;
  let value = 0;
  let scale = 0;
  const hex = (c: string | undefined) => c !== undefined && digitValue(c) < 16;
  while (hex(body[j])) { value = value * 16 + digitValue(body[j]!); j++; mant++; }
  if (body[j] === '.') {
    j++;
    while (hex(body[j])) { value = value * 16 + digitValue(body[j]!); scale -= 4; j++; mant++; }
  }
  if (mant === 0 || body[j] !== 'p') return { ok: false, reason: 'a hexadecimal float needs digits and a p exponent' };
  j++;
  let esign = 1;
  if (body[j] === '+' || body[j] === '-') { esign = body[j] === '-' ? -1 : 1; j++; }
  const es = j;
  while (isDigit(body[j])) j++;
  if (j === es || j !== body.length) return { ok: false, reason: 'its exponent is malformed' };
  const e = esign * Number(body.slice(es, j)) + scale;
  const v = sign * value * Math.pow(2, e);
  if (!Number.isFinite(v)) return { ok: false, reason: 'it is out of the float64 range' };
  return { ok: true, value: v };
}

/** A duration in nanoseconds written the way Go's `Duration.String` would, for messages. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let n = neg ? -ns : ns;
  let out = '';
  if (n < 1000000000n) {
    if (n < 1000n) out = `${n}ns`;
    else if (n < 1000000n) out = `${trim(Number(n) / 1e3)}µs`;
    else out = `${trim(Number(n) / 1e6)}ms`;
    return neg ? `-${out}` : out;
  }
  const h = n / 3600000000000n;
  n -= h * 3600000000000n;
  const m = n / 60000000000n;
  n -= m * 60000000000n;
  const sec = trim(Number(n) / 1e9);
  if (h > 0n) out = `${h}h${m}m${sec}s`;
  else if (m > 0n) out = `${m}m${sec}s`;
  else out = `${sec}s`;
  return neg ? `-${out}` : out;
}

function trim(x: number): string {
  return String(Math.round(x * 1e9) / 1e9);
}
