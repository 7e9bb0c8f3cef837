/**
 * Small string helpers shared by messages: quoting values, edit distance and "did you mean"
 * suggestions. A message quotes at most a short excerpt of a value, so its size never grows with
 * the input (a megabyte-long value would otherwise be copied into every diagnostic about it).
 */

/** Longest excerpt of a value that a message quotes. */
const QUOTE_MAX = 60;

/** A value as a message shows it: JSON-quoted, cut to a short excerpt with "..." when long. */
export function quoteValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > QUOTE_MAX ? `${value.slice(0, QUOTE_MAX - 3)}...` : value);
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > QUOTE_MAX ? `${json.slice(0, QUOTE_MAX - 3)}...` : json;
}

/** Levenshtein distance, with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (cur[j]! < rowMin) rowMin = cur[j]!;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, if it is close enough to be a plausible typo: the same word in
 * another case, or within an edit distance of about a third of its length.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  for (const c of candidates) if (c.toLowerCase() === lower) return c;
  // A truncated or extended name (`interface` for `interfaceName`, `ports` for `port`).
  if (word.length >= 4) {
    const prefixed = candidates.filter((c) => c.length >= 4 && (c.toLowerCase().startsWith(lower) || lower.startsWith(c.toLowerCase())));
    if (prefixed.length === 1) return prefixed[0];
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), limit);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}
