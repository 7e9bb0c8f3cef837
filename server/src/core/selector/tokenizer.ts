/**
 * Lexer for Calico's label-selector language.
 *
 * The rules mirror the tokenizer in Calico's `libcalico-go/lib/selector/tokenizer` package, which
 * is the behaviour that decides whether Calico accepts a resource, so every quirk here is
 * deliberate:
 * - Only the space and the horizontal tab separate tokens. A newline, carriage return or any other
 *   whitespace character is an error, which matters for YAML block scalars that keep a newline.
 * - A label name is a run of ASCII letters, digits, `_`, `.`, `/` and `-`, at most 512 characters.
 * - String literals are delimited by `"` or `'` and run to the next identical quote. There are no
 *   escape sequences, so a literal can hold the other quote character but never its own.
 * - The word operators (`in`, `not in`, `contains`, `starts with`, `ends with`) are only recognised
 *   straight after a label name; anywhere else the same words are ordinary label names. Between
 *   the two words of a two-word operator any amount of blank space is allowed, including none
 *   (`notin`, `startswith`). An operator word must not run on into a label name (`inx` is not
 *   `in`); for two-word operators that check is made after skipping blanks, as Calico does.
 * - After a label name the next token must be an operator or punctuation; another word is an error
 *   raised here rather than by the parser.
 * - `has(`, `all(` and `global(` must be written without a space before the parenthesis; `has (x)`
 *   lexes as the label `has` followed by `(`, which the parser later rejects.
 *
 * Invariants: every token records the UTF-16 offsets `[start, end)` of its source text, the token
 * list always ends with exactly one `eof` token whose offsets are both the input length, and the
 * lexer never throws: failures come back as a `SelectorError`.
 */

import type { SelectorError } from './errors';

/** Longest label name Calico accepts, counted in characters (all of which are ASCII). */
export const MAX_LABEL_LENGTH = 512;

export type TokenKind =
  | 'label'
  | 'string'
  | 'lbrace'
  | 'rbrace'
  | 'comma'
  | 'eq'
  | 'ne'
  | 'in'
  | 'not'
  | 'notIn'
  | 'contains'
  | 'startsWith'
  | 'endsWith'
  | 'all'
  | 'has'
  | 'lparen'
  | 'rparen'
  | 'and'
  | 'or'
  | 'global'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The label name for `label` and `has`, the unquoted text for `string`, otherwise "". */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export type TokenizeResult =
  | { ok: true; tokens: Token[] }
  | { ok: false; error: SelectorError };

const CH_TAB = 0x09;
const CH_SPACE = 0x20;

/** Whether `c` (a UTF-16 code unit) may appear in a label name. */
export function isLabelChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2f || // /
    c === 0x2d // -
  );
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== CH_SPACE && c !== CH_TAB) break;
    i++;
  }
  return i;
}

/** End offset of the run of label characters starting at `i` (may equal `i`). */
function scanLabel(text: string, i: number): number {
  while (i < text.length && isLabelChar(text.charCodeAt(i))) i++;
  return i;
}

/** True when the input has ended at `i` or the character there cannot continue a label name. */
function atWordBoundary(text: string, i: number): boolean {
  return i >= text.length || !isLabelChar(text.charCodeAt(i));
}

/**
 * Matches the words of a word operator at `i`. Returns the offset where the operator's own text
 * ends and the offset where lexing resumes, or undefined when the operator is not there.
 *
 * Calico treats the two kinds of operator slightly differently, and we copy that: for a two-word
 * operator blanks are skipped after every word (so `notin` and `not   in` are both accepted) and the
 * word-boundary check is made on the first non-blank character after it; for a one-word operator
 * the check is made on the very next character. Only the error reported for an invalid selector
 * can depend on this difference, never whether a selector is valid.
 */
function matchWords(text: string, i: number, words: readonly string[]): { end: number; next: number } | undefined {
  let pos = i;
  let end = i;
  for (const word of words) {
    if (!text.startsWith(word, pos)) return undefined;
    pos += word.length;
    end = pos;
    if (words.length > 1) pos = skipBlanks(text, pos);
  }
  return atWordBoundary(text, pos) ? { end, next: pos } : undefined;
}

const WORD_OPERATORS: ReadonlyArray<{ words: readonly string[]; kind: TokenKind }> = [
  { words: ['contains'], kind: 'contains' },
  { words: ['starts', 'with'], kind: 'startsWith' },
  { words: ['ends', 'with'], kind: 'endsWith' },
  { words: ['not', 'in'], kind: 'notIn' },
  { words: ['in'], kind: 'in' },
];

/** Renders the character at `i` for an error message, making invisible characters readable. */
export function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i);
  if (cp === undefined) return 'the end of the selector';
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) {
    return `character ${code}`;
  }
  if (cp < 0x7f) return `character '${String.fromCodePoint(cp)}'`;
  return `character '${String.fromCodePoint(cp)}' (${code})`;
}

/** Characters that look like blank space but that Calico does not skip between tokens. */
function isOtherWhitespace(c: number): boolean {
  return (
    (c >= 0x0a && c <= 0x0d) ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function blankHint(c: number): string {
  return isOtherWhitespace(c) ? ' (only spaces and tabs may separate tokens)' : '';
}

/** End of the character at `i`, keeping a surrogate pair together; `i` itself at the end of text. */
function endOfCharAt(text: string, i: number): number {
  if (i >= text.length) return text.length;
  return (text.codePointAt(i) ?? 0) > 0xffff ? i + 2 : i + 1;
}

function fail(message: string, offset: number, end: number): TokenizeResult {
  return { ok: false, error: { message, offset, end } };
}

/**
 * Splits `text` into tokens. The whole input is lexed before any parsing, exactly as Calico does,
 * so a lexical error later in the string wins over a grammatical error earlier in it.
 */
export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  for (;;) {
    i = skipBlanks(text, i);
    if (i >= n) {
      tokens.push({ kind: 'eof', value: '', start: n, end: n });
      return { ok: true, tokens };
    }
    const start = i;
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x28: // (
        tokens.push({ kind: 'lparen', value: '', start, end: ++i });
        continue;
      case 0x29: // )
        tokens.push({ kind: 'rparen', value: '', start, end: ++i });
        continue;
      case 0x7b: // {
        tokens.push({ kind: 'lbrace', value: '', start, end: ++i });
        continue;
      case 0x7d: // }
        tokens.push({ kind: 'rbrace', value: '', start, end: ++i });
        continue;
      case 0x2c: // ,
        tokens.push({ kind: 'comma', value: '', start, end: ++i });
        continue;
      case 0x22: // "
      case 0x27: { // '
        const quote = text[i]!;
        const close = text.indexOf(quote, i + 1);
        if (close < 0) {
          return fail(`unterminated string literal: no closing ${quote} (strings have no escapes)`, start, n);
        }
        tokens.push({ kind: 'string', value: text.slice(i + 1, close), start, end: close + 1 });
        i = close + 1;
        continue;
      }
      case 0x3d: // =
        if (text.charCodeAt(i + 1) !== 0x3d) return fail("expected '==' (a single '=' is not an operator)", start, i + 1);
        tokens.push({ kind: 'eq', value: '', start, end: (i += 2) });
        continue;
      case 0x21: // !
        if (text.charCodeAt(i + 1) === 0x3d) {
          tokens.push({ kind: 'ne', value: '', start, end: (i += 2) });
        } else {
          tokens.push({ kind: 'not', value: '', start, end: ++i });
        }
        continue;
      case 0x26: // &
        if (text.charCodeAt(i + 1) !== 0x26) return fail("expected '&&' (a single '&' is not an operator)", start, i + 1);
        tokens.push({ kind: 'and', value: '', start, end: (i += 2) });
        continue;
      case 0x7c: // |
        if (text.charCodeAt(i + 1) !== 0x7c) return fail("expected '||' (a single '|' is not an operator)", start, i + 1);
        tokens.push({ kind: 'or', value: '', start, end: (i += 2) });
        continue;
      default:
        break;
    }

    const previous = tokens.length > 0 ? tokens[tokens.length - 1]! : undefined;
    if (previous !== undefined && previous.kind === 'label') {
      // Straight after a label only a word operator can follow (punctuation was handled above).
      let matched = false;
      for (const op of WORD_OPERATORS) {
        const found = matchWords(text, i, op.words);
        if (found !== undefined) {
          tokens.push({ kind: op.kind, value: '', start, end: found.end });
          i = found.next;
          matched = true;
          break;
        }
      }
      if (!matched) {
        const wordEnd = scanLabel(text, i);
        const found = wordEnd > i ? `'${text.slice(i, wordEnd)}'` : describeChar(text, i);
        const hint = wordEnd > i ? '' : blankHint(c);
        return fail(
          `expected an operator after label '${previous.value}' (==, !=, in, not in, contains, starts with, ends with) but found ${found}${hint}`,
          start,
          wordEnd > i ? wordEnd : endOfCharAt(text, i),
        );
      }
      continue;
    }

    if (text.startsWith('has(', i)) {
      const nameStart = skipBlanks(text, i + 4);
      const nameEnd = scanLabel(text, nameStart);
      if (nameEnd === nameStart) {
        return fail(
          nameStart >= n ? "expected a label name after 'has(' but the selector ended" : "expected a label name after 'has('",
          nameStart,
          endOfCharAt(text, nameStart),
        );
      }
      if (nameEnd - nameStart > MAX_LABEL_LENGTH) {
        return fail(`label name is longer than ${MAX_LABEL_LENGTH} characters`, nameStart, nameEnd);
      }
      const close = skipBlanks(text, nameEnd);
      if (text.charCodeAt(close) !== 0x29) {
        return fail("expected ')' to close 'has('", close, endOfCharAt(text, close));
      }
      tokens.push({ kind: 'has', value: text.slice(nameStart, nameEnd), start, end: close + 1 });
      i = close + 1;
      continue;
    }

    if (text.startsWith('all(', i) || text.startsWith('global(', i)) {
      const isAll = text.charCodeAt(i) === 0x61; // 'a'
      const close = skipBlanks(text, i + (isAll ? 4 : 7));
      if (text.charCodeAt(close) !== 0x29) {
        return fail(`expected ')' after '${isAll ? 'all(' : 'global('}'`, close, endOfCharAt(text, close));
      }
      tokens.push({ kind: isAll ? 'all' : 'global', value: '', start, end: close + 1 });
      i = close + 1;
      continue;
    }

    const labelEnd = scanLabel(text, i);
    if (labelEnd === i) {
      return fail(`unexpected ${describeChar(text, i)}${blankHint(c)}`, start, endOfCharAt(text, i));
    }
    if (labelEnd - i > MAX_LABEL_LENGTH) {
      return fail(`label name is longer than ${MAX_LABEL_LENGTH} characters`, start, labelEnd);
    }
    tokens.push({ kind: 'label', value: text.slice(i, labelEnd), start, end: labelEnd });
    i = labelEnd;
  }
}
