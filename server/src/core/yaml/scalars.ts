/**
 * Plain-scalar typing the way Kubernetes tooling sees it.
 *
 * kubectl and calicoctl turn YAML into JSON with sigs.k8s.io/yaml, which sits on go-yaml v2 and so
 * follows YAML 1.1 typing rules, not YAML 1.2's core schema: `yes`, `on` and `y` are booleans,
 * `0755` is octal, `1_000` is an integer, `2024-01-02` is a timestamp (sent on as a string) and
 * base-60 numbers such as `80:90` are deliberately NOT numbers. Calico sees the JSON that results,
 * so we must type scalars exactly like that or we would flag `doNotTrack: yes` (which Calico
 * accepts) or miss `name: 0x10` (which it rejects).
 *
 * Invariant: this module only classifies text; it never throws.
 */

/** The JSON type a scalar ends up as after YAML → JSON conversion. */
export type ScalarType = 'string' | 'integer' | 'float' | 'boolean' | 'null';

export interface ResolvedScalar {
  type: ScalarType;
  value: string | number | boolean | null;
}

const BOOL_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL_WORDS = new Set(['null', 'Null', 'NULL']);
// A Map, not an object literal: `in` on an object would also find `constructor` or `toString`.
const SPECIAL_FLOATS = new Map<string, number>([
  ['.nan', NaN], ['.NaN', NaN], ['.NAN', NaN],
  ['.inf', Infinity], ['.Inf', Infinity], ['.INF', Infinity],
  ['+.inf', Infinity], ['+.Inf', Infinity], ['+.INF', Infinity],
  ['-.inf', -Infinity], ['-.Inf', -Infinity], ['-.INF', -Infinity],
]);

// Shared results for the fixed words; callers only read them.
const NULL: ResolvedScalar = Object.freeze({ type: 'null', value: null });
const TRUE: ResolvedScalar = Object.freeze({ type: 'boolean', value: true });
const FALSE: ResolvedScalar = Object.freeze({ type: 'boolean', value: false });

// Go's strconv.ParseInt with base 0: optional sign, then 0x/0o/0b prefixes, a leading 0 for octal,
// or plain decimal. Underscores were already removed by the caller, as go-yaml does.
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const TIMESTAMP_PREFIX = /^[0-9]{4}-/;
// The subset of timestamp layouts go-yaml v2 tries (date only; date and time with T/t or a space).
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/;

function parseGoInt(text: string): number | undefined {
  if (!GO_INT.test(text)) return undefined;
  let sign = 1;
  let body = text;
  if (body[0] === '+' || body[0] === '-') {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[bB]/.test(body)) n = parseInt(body.slice(2), 2);
  else if (/^0[oO]/.test(body)) n = parseInt(body.slice(2), 8);
  else if (body.length > 1 && body[0] === '0') n = parseInt(body.slice(1), 8);
  else n = parseInt(body, 10);
  return sign * n;
}

/**
 * Types the text of a plain (unquoted, untagged) scalar as go-yaml v2 would.
 * `text` is the scalar's value after line folding, as the `yaml` parser reports it.
 */
export function resolvePlainScalar(text: string): ResolvedScalar {
  // Dispatch on the first character: every scalar is typed on this hot path (keys included), and
  // most are words that only need a length check to be known as strings.
  const length = text.length;
  if (length === 0) return NULL;
  const first = text.charCodeAt(0);
  if ((first >= 97 && first <= 122) || (first >= 65 && first <= 90)) {
    // Letters: only the null and boolean words (five letters at most) are not strings.
    if (length <= 5) {
      if (BOOL_TRUE.has(text)) return TRUE;
      if (BOOL_FALSE.has(text)) return FALSE;
      if (NULL_WORDS.has(text)) return NULL;
    }
    return { type: 'string', value: text };
  }
  if (first === 126 /* ~ */) return length === 1 ? NULL : { type: 'string', value: text };
  if (first === 46 /* . */) {
    const special = SPECIAL_FLOATS.get(text);
    if (special !== undefined) return { type: 'float', value: special };
    if (YAML_FLOAT.test(text)) return { type: 'float', value: Number(text) };
    return { type: 'string', value: text };
  }
  const isDigitOrSign = (first >= 48 && first <= 57) || first === 43 || first === 45;
  if (!isDigitOrSign) return { type: 'string', value: text };
  if (first === 43 || first === 45) {
    const special = SPECIAL_FLOATS.get(text);
    if (special !== undefined) return { type: 'float', value: special };
  }
  if (TIMESTAMP_PREFIX.test(text) && TIMESTAMP.test(text)) return { type: 'string', value: text };
  const plain = text.includes('_') ? text.replace(/_/g, '') : text;
  const int = parseGoInt(plain);
  if (int !== undefined) return { type: 'integer', value: int };
  if (YAML_FLOAT.test(plain)) {
    const value = Number(plain);
    return { type: Number.isInteger(value) && !/[.eE]/.test(plain) ? 'integer' : 'float', value };
  }
  if (/^-0[bB][01]+$/.test(plain)) return { type: 'integer', value: -parseInt(plain.slice(3), 2) };
  return { type: 'string', value: text };
}

/**
 * JSON has no NaN or infinities: sigs.k8s.io/yaml fails to encode them, so Calico never receives
 * such a document. Callers report these as errors.
 */
export function isUnrepresentableNumber(value: unknown): boolean {
  return typeof value === 'number' && !Number.isFinite(value);
}
