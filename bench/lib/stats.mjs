// Order statistics and formatting used by every report of the benchmark.

/** Median of the finite numbers in `xs` (null when there are none). */
export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Nearest-rank percentile `p` (0–100) of the finite numbers in `xs` (null when there are none). */
export function percentile(xs, p) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

export const round1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
export const round3 = (x) => (x == null ? null : Math.round(x * 1000) / 1000);

/** `a / b`, or null when either is missing or b is 0. */
export const ratio = (a, b) => (a == null || b == null || b === 0 ? null : a / b);

/** Formats a number for the tables: `–` for missing values. */
export function fmt(x, digits = 0) {
  if (x == null || !Number.isFinite(x)) return '–';
  return Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Formats a ratio: two significant decimals below 1, one above. */
export function fmtRatio(x) {
  if (x == null || !Number.isFinite(x)) return '–';
  if (x < 0.01) return `${x.toFixed(4)}×`;
  if (x < 1) return `${x.toFixed(3)}×`;
  return `${x.toFixed(x < 10 ? 2 : 1)}×`;
}
