/**
 * Go regular expressions (RE2 syntax), compiled and matched by `re2js`, a JavaScript port of Go's
 * `regexp` package that matches in time linear in the input.
 *
 * Why a library and not JavaScript's RegExp: the patterns of Calico's CRDs and the regular
 * expressions in Calico's and Kubernetes' validators are Go RE2, which differs from JavaScript in
 * meaning (`.` matches `\r`, `\s` and `\w` are ASCII-only, `(?i)` folds `k` to the Kelvin sign, a
 * stray `{` is a literal) and, above all, in cost: JavaScript's engine backtracks, so a pattern
 * such as `^(([0-9]*(\.[0-9]*)?(ms|s|h|m|us)+)+|Auto)$` takes exponential time on `sss…!`. RE2
 * never backtracks. Whether Go accepts a user-written pattern is likewise answered by compiling it
 * here, with Go's parser rules and Go's error kinds.
 *
 * Invariants: nothing here throws on any pattern or input; matching is linear in the input; a
 * pattern is compiled once per process (`goRegexp` caches by source, bounded).
 */
import { RE2JS, RE2JSSyntaxException } from 're2js';

/** A compiled Go regular expression. */
export interface GoRegexp {
  /** Go's `MatchString`: does the pattern match anywhere in `s`? */
  test(s: string): boolean;
  /** The pattern's source. */
  readonly source: string;
}

const cache = new Map<string, GoRegexp | string>();
/** Patterns come from schemas and from Calico's sources (a few dozen) and from users' files. */
const CACHE_LIMIT = 2048;

function compile(source: string): GoRegexp | string {
  try {
    const re = RE2JS.compile(source);
    return { test: (s: string) => re.test(s), source };
  } catch (e) {
    // The library's syntax errors carry Go's error kind ("missing argument to repetition
    // operator") and the part of the pattern at fault, which can be the whole pattern: a message
    // quotes a short excerpt of it. Anything else thrown is still a refusal.
    if (e instanceof RE2JSSyntaxException) {
      const at = e.input ?? '';
      return at === '' ? e.error : `${e.error}: \`${at.length > 40 ? `${at.slice(0, 37)}...` : at}\``;
    }
    return e instanceof Error ? e.message : String(e);
  }
}

function lookup(source: string): GoRegexp | string {
  let entry = cache.get(source);
  if (entry === undefined) {
    entry = compile(source);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(source, entry);
  }
  return entry;
}

/**
 * The compiled form of a pattern Go accepts. For patterns from our own sources and schemas, which
 * are known to compile; a pattern Go refuses yields a regexp that matches nothing, so a broken
 * pattern can never make a check pass.
 */
export function goRegexp(source: string): GoRegexp {
  const entry = lookup(source);
  return typeof entry === 'string' ? { test: () => false, source } : entry;
}

/**
 * Why Go's `regexp.Compile` refuses `source` (Go's own error kind and the part of the pattern at
 * fault, such as "missing argument to repetition operator: `*`"), or undefined when it compiles.
 */
export function goRegexpProblem(source: string): string | undefined {
  const entry = lookup(source);
  return typeof entry === 'string' ? entry : undefined;
}

/**
 * A regular-expression engine for ajv's `code.regExp` option, so JSON Schema `pattern`s (the CRDs'
 * RE2 patterns, kept verbatim in our schemas) are matched with Go's semantics and in linear time.
 * ajv calls it with the pattern and a flags string; RE2 patterns carry their flags inline, and
 * ajv's `u` flag (code points rather than UTF-16 units) is RE2's behaviour already.
 */
export const ajvRegExpEngine = Object.assign(
  (pattern: string, _flags: string): { test(s: string): boolean; toString(): string } => {
    const re = goRegexp(pattern);
    return { test: (s: string) => re.test(s), toString: () => `re2:${pattern}` };
  },
  // Only read when ajv generates standalone code, which we never do; it must be set all the same.
  { code: 're2js' },
);
