/**
 * Terway's CNI configuration: the JSON document in the `eni-config` ConfigMap and the Cilium agent
 * flags carried in its `cilium_args` string, with every piece mapped back to its characters.
 *
 * JSON is parsed with `jsonc-parser` in strict mode (no comments, no trailing commas), the parser
 * VS Code itself uses, because it reports each error with its offset; JavaScript's `JSON.parse`
 * (as strict as Go's `encoding/json`, which Terway uses through gabs) confirms the verdict, so a
 * document is called broken only when a strict parser refuses it.
 *
 * Flags are split the way Terway splits them (AliyunContainerService/terway,
 * `cmd/terway-cli/policy.go`, `extractArgs`): the string is cut at every `--`, each piece is trimmed
 * and becomes one argument `--<piece>` of cilium-agent. So `--name=value` is one flag, and
 * `--name value` becomes a single argument whose flag name contains a space, which the agent's
 * flag parser refuses as unknown.
 *
 * Offsets: parse results are relative to the JSON text; `jsonStringOffsets` turns a character of a
 * decoded JSON string into its offset in the JSON text (escapes map to their backslash), and the
 * caller maps JSON offsets into the YAML document through the block scalar
 * (`yaml/scalar-offsets.ts`). Invariants: linear scans only; never throws.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';

export type { JsonNode };

export interface JsonParse {
  root: JsonNode | undefined;
  /** The first error, relative to the JSON text. */
  error?: { offset: number; length: number; message: string };
}

const ERROR_WORDS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected characters',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name (a double-quoted string) is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: "a ':' is expected",
  CommaExpected: "a ',' is expected",
  CloseBraceExpected: "a closing '}' is expected",
  CloseBracketExpected: "a closing ']' is expected",
  EndOfFileExpected: 'text follows the end of the JSON document',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number ends too early',
  InvalidUnicode: 'a malformed \\u escape',
  InvalidEscapeCharacter: 'an invalid escape sequence',
  InvalidCharacter: 'a control character inside a string (write it as an escape)',
};

/** Parses `text` as strict JSON, keeping positions. */
export function parseJson(text: string): JsonParse {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  let strictOk = true;
  let strictMessage = '';
  try {
    JSON.parse(text);
  } catch (e) {
    strictOk = false;
    strictMessage = e instanceof Error ? e.message : String(e);
  }
  if (strictOk) return { root: errors.length === 0 ? root : undefined };
  const first = errors[0];
  if (first) {
    const code = printParseErrorCode(first.error);
    return { root: undefined, error: { offset: first.offset, length: first.length, message: ERROR_WORDS[code] ?? code } };
  }
  return { root: undefined, error: { offset: 0, length: Math.min(1, text.length), message: strictMessage } };
}

/** The child of an object node under `key`. */
export function jsonProperty(obj: JsonNode | undefined, key: string): { key: JsonNode; value: JsonNode | undefined } | undefined {
  if (!obj || obj.type !== 'object' || !obj.children) return undefined;
  let found: { key: JsonNode; value: JsonNode | undefined } | undefined;
  // Go's encoding/json keeps the last of repeated keys.
  for (const p of obj.children) {
    const k = p.children?.[0];
    if (k && k.value === key) found = { key: k, value: p.children?.[1] };
  }
  return found;
}

/**
 * Offsets of a JSON string literal's decoded characters within the JSON text: `offsets[i]` is where
 * character `i` of the value is written (its backslash for an escape), `offsets[length]` the closing quote.
 */
export function jsonStringOffsets(jsonText: string, literal: JsonNode): number[] {
  const out: number[] = [];
  const end = literal.offset + literal.length - 1;
  let i = literal.offset + 1;
  while (i < end) {
    out.push(i);
    if (jsonText[i] === '\\') {
      if (jsonText[i + 1] === 'u') {
        const code = parseInt(jsonText.slice(i + 2, i + 6), 16);
        i += 6;
        // A surrogate pair written as two escapes is two UTF-16 units, one per escape: already one each.
        void code;
      } else i += 2;
    } else i += 1;
  }
  out.push(end);
  return out;
}

/** One cilium-agent flag found in `cilium_args`, offsets relative to the decoded string. */
export interface ArgFlag {
  /** The flag name as the agent reads it (up to `=`; with a space inside when written `--name value`). */
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The value after `=`; undefined when none is written. */
  value?: string;
  valueStart: number;
  valueEnd: number;
  /** Start of the leading `--` and end of the argument. */
  start: number;
  end: number;
  /** Written `--name value`: where the name proper ends and the value starts. */
  separated?: { name: string; nameEnd: number; value: string; valueStart: number; valueEnd: number };
}

function isGoSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Splits a `cilium_args` string into the flags Terway passes to cilium-agent. */
export function parseCiliumArgs(s: string): ArgFlag[] {
  const flags: ArgFlag[] = [];
  // Pieces between occurrences of `--`; the piece before the first `--` also becomes a flag.
  const cuts: number[] = [];
  for (let i = s.indexOf('--'); i !== -1; i = s.indexOf('--', i + 2)) cuts.push(i);
  const bounds: Array<[number, number, number]> = [];
  let prev = 0;
  let prevDash = -1;
  for (const c of cuts) {
    bounds.push([prevDash, prev, c]);
    prev = c + 2;
    prevDash = c;
  }
  bounds.push([prevDash, prev, s.length]);
  for (const [dash, from, to] of bounds) {
    let a = from;
    let b = to;
    while (a < b && isGoSpace(s.charCodeAt(a))) a++;
    while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
    if (a === b) continue;
    const start = dash === -1 || dash + 2 !== from ? a : dash;
    // The first `=` of this piece only: a search past `b` would rescan the rest for every piece.
    let nameEnd = a;
    while (nameEnd < b && s.charCodeAt(nameEnd) !== 61) nameEnd++;
    const flag: ArgFlag = { name: s.slice(a, nameEnd), nameStart: a, nameEnd, valueStart: b, valueEnd: b, start: dash === -1 ? a : start, end: b };
    if (nameEnd < b) {
      flag.value = s.slice(nameEnd + 1, b);
      flag.valueStart = nameEnd + 1;
    }
    let sp = a;
    while (sp < nameEnd && !isGoSpace(s.charCodeAt(sp))) sp++;
    if (sp < nameEnd) {
      let vs = sp;
      while (vs < nameEnd && isGoSpace(s.charCodeAt(vs))) vs++;
      flag.separated = { name: s.slice(a, sp), nameEnd: sp, value: s.slice(vs, nameEnd), valueStart: vs, valueEnd: nameEnd };
    }
    flags.push(flag);
  }
  return flags;
}
