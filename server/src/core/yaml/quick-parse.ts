/**
 * A hand-written, single-pass parser for the YAML that Calico files are made of.
 *
 * The reference path (`parseSegmentReference`: the `yaml` package's lexer, parser and composer,
 * then `buildTree`) and the CST path (`cst-tree.ts`: lexer and parser, then one walk) both spend
 * most of their time producing tokens and intermediate objects we throw away. This module reads
 * the text once, line by line, with char codes, and builds our trees (`tree.ts`) directly.
 *
 * The contract is exact equivalence: whenever `parseSegmentQuick` returns a result, it deep-equals
 * what `parseSegmentReference` returns for the same text, trees and problems alike (a quick result
 * never has problems). So it handles only a subset of YAML, and returns `undefined` ("use a slower
 * path") on anything else or anything doubtful:
 * - handled: block mappings and block sequences (also `key:` followed by `- item` at the key's own
 *   indentation, and `- key: value` / `- - item` on one line), one-line plain scalars, one-line
 *   single- and double-quoted scalars (double-quoted escapes decoded exactly), one-line flow
 *   sequences and flow mappings (nested, trailing comma allowed), empty values and empty sequence
 *   items, full-line and trailing comments, blank lines, `---` and `...` markers, CRLF line ends,
 *   a byte order mark, and texts holding only comments;
 * - declined: tabs outside comment text, lone carriage returns, characters YAML forbids (control
 *   characters, C1 controls, unpaired surrogates, U+FEFF after the start, line and paragraph
 *   separators), anchors, aliases, tags, `?` keys, `<<` merge keys, directives, block scalars,
 *   multi-line plain, quoted or flow scalars, a value on the line after `- `, a scalar or flow
 *   collection as the root or as a key, empty keys, empty flow items and values, pairs inside flow
 *   sequences, duplicate keys, keys longer than about 1000 characters, deep nesting, any
 *   indentation the parser would reject or read as a continuation, lines starting with `---` or
 *   `...` that are not document markers, two `...` in a row, and one comment placement at a `---`
 *   that the `yaml` parser treats specially (see `emptyValueTail`).
 *
 * Spans must match the reference exactly, including where collections end. The `yaml` composer
 * ends a collection where the "tail" of its last value ends (the value plus its trailing space,
 * comment and line break), and the parser decides which following comment lines belong to that
 * tail, to a trailing comment-only item of an enclosing collection, or to the next item (where,
 * for a sequence item, they count towards an empty item's tail). Those rules are reproduced in
 * `absorbTrailing`, `emptyValueTail`, `finish` and `parseSeq`; the comments there say which parser
 * behaviour each one mirrors. `test/unit/quick-parse.test.ts` compares this parser
 * with the reference on hand-written cases and by differential fuzzing; any difference found there
 * is a bug here, to be fixed by declining that case.
 *
 * Invariant: never throws (an unexpected exception also means "use a slower path").
 */
import type { ParsedSegment } from './tree';
import { resolvePlainScalar, type ScalarType } from './scalars';
import { keyString, type YMap, type YNode, type YPair, type YScalar, type YSeq } from './tree';

/** Thrown (never escapes this module) when the quick path cannot vouch for the result. */
const DECLINE: unique symbol = Symbol('decline');

function decline(): never {
  throw DECLINE;
}

// Character codes used by the scanner.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const AMP = 38;
const SQUOTE = 39;
const STAR = 42;
const COMMA = 44;
const DASH = 45;
const DOT = 46;
const COLON = 58;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const BOM = 0xfeff;

// What the line under the cursor is.
const CONTENT = 0;
const EOF = 1;
const DOC_START = 2;
const DOC_END = 3;

// How a scan of a block node's first token ended.
const AS_SCALAR = 0;
const AS_KEY = 1;
const AS_SEQ = 2;
const AS_FLOW = 3;

// Far below the reference's own limits (and any risk of a stack overflow); deeper documents take
// a slower path.
const MAX_DEPTH = 100;

// The composer rejects an implicit key whose `:` is more than 1024 characters after the key's
// start; keys anywhere near that take a slower path.
const MAX_KEY_SPAN = 1000;

/** True for the characters that end a token the way YAML's "empty" test does (EOF included). */
function isBlankOrEnd(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c !== c /* NaN: end of text */;
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;
}

/**
 * How many code units the non-ASCII (or DEL) character at `i` takes, or 0 when YAML forbids it
 * there (C1 controls, unpaired surrogates, byte order marks, line and paragraph separators,
 * noncharacters U+FFFE/U+FFFF): such texts take a slower path.
 */
function wideChar(s: string, i: number, c: number): number {
  if (c <= 0x9f) return 0;
  if (c >= 0xd800 && c <= 0xdfff) {
    if (c >= 0xdc00) return 0;
    const d = s.charCodeAt(i + 1);
    return d >= 0xdc00 && d <= 0xdfff ? 2 : 0;
  }
  if (c === BOM || c === 0x2028 || c === 0x2029 || c === 0xfffe || c === 0xffff) return 0;
  return 1;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** The single-character escapes of double-quoted scalars, as the `yaml` package decodes them. */
function simpleEscape(c: number): string | undefined {
  switch (c) {
    case 48: return '\0';
    case 97: return '\x07';
    case 98: return '\b';
    case 101: return '\x1b';
    case 102: return '\f';
    case 110: return '\n';
    case 114: return '\r';
    case 116: return '\t';
    case 118: return '\v';
    case 78: return '\u0085';
    case 95: return '\u00a0';
    case 76: return '\u2028';
    case 80: return '\u2029';
    case SPACE: return ' ';
    case DQUOTE: return '"';
    case 47: return '/';
    case BACKSLASH: return '\\';
    default: return undefined;
  }
}

function nullScalar(at: number): YScalar {
  return { kind: 'scalar', type: 'null', value: null, text: '', style: 'plain', start: at, end: at };
}

function plainScalar(text: string, start: number, end: number): YScalar {
  let type: ScalarType;
  let value: string | number | boolean | null;
  const c = text.charCodeAt(0);
  // Words longer than five letters are strings (see resolvePlainScalar); they are most scalars.
  if (text.length > 5 && ((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) {
    type = 'string';
    value = text;
  } else {
    const r = resolvePlainScalar(text);
    type = r.type;
    value = r.value;
  }
  return { kind: 'scalar', type, value, text, style: 'plain', start, end };
}

function quotedScalar(text: string, double: boolean, start: number, end: number): YScalar {
  return { kind: 'scalar', type: 'string', value: text, text, style: double ? 'double' : 'single', start, end };
}

// Up to this many pairs, a repeated key is looked for by scanning the pairs; beyond, with a set.
const LINEAR_KEYS = 16;

/**
 * Adds the pair for `key` and `value`, declining a key already present (the composer's
 * `uniqueKeys` compares the keys' string values). `seen` holds the keys of a large mapping; the
 * (possibly new) set is returned for the next call.
 */
function addPair(pairs: YPair[], seen: Set<string> | null, key: YScalar, value: YNode): Set<string> | null {
  const text = key.text;
  if (seen === null) {
    for (let i = 0; i < pairs.length; i++) if ((pairs[i]!.key as YScalar).text === text) decline();
    if (pairs.length >= LINEAR_KEYS) {
      seen = new Set<string>();
      for (let i = 0; i < pairs.length; i++) seen.add((pairs[i]!.key as YScalar).text);
    }
  } else if (seen.has(text)) decline();
  seen?.add(text);
  pairs.push({ key, keyText: key.type === 'string' ? text : keyString(key), value });
  return seen;
}

class QuickParser {
  private readonly s: string;
  private readonly n: number;
  /** Start of the first line not yet read. */
  private pos = 0;

  // The line under the cursor (the next content line, document marker, or the end of the text),
  // found by `peek`, and the comment lines `peek` stepped over to reach it.
  private kind = EOF;
  /** Where the line starts. */
  private ls = 0;
  /** Its indentation, in spaces. */
  private ind = 0;
  /** Where the parser's next token starts: content after indentation, a marker, or the end. */
  private tok = 0;
  /** How many comment lines came before it since the last content line. */
  private nc = 0;
  /** Their indentation, and where each ends (after its line break). */
  private readonly cInd: number[] = [];
  private readonly cEnd: number[] = [];

  /** Where the last value's line ended (after its line break), set by `endLine`. */
  private lineEnd = 0;
  /** The end of the last node including what the composer counts as its trailing part. */
  private tail = 0;
  /**
   * Comment lines after the last value that the parser keeps as a comment-only item of a
   * collection (see `absorbTrailing`): the largest indentation among them, or -1 when there are
   * none; and where that item ends.
   */
  private pendingMax = -1;
  private pendingEnd = 0;

  // What `scanNode` found at the start of a block node.
  private sEnd = 0;
  private sColon = 0;
  private sText = '';
  private sStyle = 0; // 0 plain, 1 double-quoted, 2 single-quoted

  /** The position after the last scalar or flow collection parsed on the current line. */
  private ve = 0;

  constructor(text: string) {
    this.s = text;
    this.n = text.length;
  }

  parse(): ParsedSegment {
    const s = this.s;
    const roots: ParsedSegment['roots'] = [];
    const bom = s.charCodeAt(0) === BOM;
    this.pos = bom ? 1 : 0;
    this.peek();
    if (bom && this.kind === CONTENT && this.ls === 1) {
      // After a byte order mark the parser does not count the first line's spaces or `- ` as
      // indentation; only a plain first line reads the same as without it.
      const c = s.charCodeAt(1);
      if (this.ind > 0 || c === DASH || c === QUESTION || c === COLON) decline();
    }
    for (;;) {
      if (this.kind === EOF) break;
      // `...` with no open document.
      if (this.kind === DOC_END) decline();
      const offset = this.ls;
      let root: YNode;
      if (this.kind === DOC_START) {
        // `---`, then nothing or a comment on that line.
        let q = this.ls + 3;
        while (s.charCodeAt(q) === SPACE) q++;
        this.endLine(q);
        root = this.peek() === CONTENT ? this.rootNode() : nullScalar(q);
      } else {
        root = this.rootNode();
      }
      roots.push({ root, offset });
      // Content less indented than the root collection (or not an item of a root sequence).
      if (this.kind === CONTENT) decline();
      if (this.kind === DOC_END) {
        this.endLine(this.ls + 3);
        // A second `...` makes an empty document in the reference; leave that to it.
        if (this.peek() === DOC_END) decline();
      }
    }
    return { roots, problems: [] };
  }

  /**
   * Moves the cursor from `pos` over blank and comment lines to the next content line, document
   * marker or the end of the text, recording the comment lines' indentation and ends. Returns what
   * the line is (`kind`).
   */
  private peek(): number {
    const s = this.s;
    const n = this.n;
    let p = this.pos;
    let nc = 0;
    for (;;) {
      const ls = p;
      let c = s.charCodeAt(p);
      while (c === SPACE) c = s.charCodeAt(++p);
      if (c === LF) {
        p++;
        continue;
      }
      if (c === CR) {
        if (s.charCodeAt(p + 1) !== LF) decline();
        p += 2;
        continue;
      }
      if (p >= n) {
        this.kind = EOF;
        this.ls = n;
        this.ind = 0;
        this.tok = n;
        break;
      }
      if (c === HASH) {
        const e = s.indexOf('\n', p);
        const end = e === -1 ? n : e + 1;
        this.cInd[nc] = p - ls;
        this.cEnd[nc] = end;
        nc++;
        p = end;
        continue;
      }
      if (c === TAB) decline();
      this.ls = ls;
      this.ind = p - ls;
      this.tok = p;
      this.kind = CONTENT;
      if (p === ls && (c === DASH || c === DOT) && s.charCodeAt(p + 1) === c && s.charCodeAt(p + 2) === c) {
        const d = s.charCodeAt(p + 3);
        if (d === TAB) decline();
        if (isBlankOrEnd(d)) this.kind = c === DASH ? DOC_START : DOC_END;
        else decline(); // `---x` or `...x`: legal, but rare enough to leave to the reference.
      }
      break;
    }
    this.nc = nc;
    this.pos = p;
    return this.kind;
  }

  /**
   * Checks that only spaces and a comment follow `p` on its line, and moves `pos` past the line.
   * Returns whether there was a comment. A comment must follow white space.
   */
  private endLine(p: number): boolean {
    const s = this.s;
    let i = p;
    let c = s.charCodeAt(i);
    while (c === SPACE) c = s.charCodeAt(++i);
    let comment = false;
    if (c === HASH) {
      if (i === p && s.charCodeAt(p - 1) !== SPACE) decline();
      comment = true;
      const e = s.indexOf('\n', i);
      this.pos = e === -1 ? this.n : e + 1;
    } else if (c === LF) this.pos = i + 1;
    else if (c === CR && s.charCodeAt(i + 1) === LF) this.pos = i + 2;
    else if (i >= this.n) this.pos = this.n;
    else decline();
    this.lineEnd = this.pos;
    return comment;
  }

  /** The document's root: a block mapping or sequence at the cursor line. */
  private rootNode(): YNode {
    const p = this.ls + this.ind;
    const what = this.scanNode(p);
    if (what === AS_KEY) return this.parseMap(p, this.ind, 1);
    if (what === AS_SEQ) return this.parseSeq(p, this.ind, 1);
    return decline();
  }

  /**
   * Looks at the block node starting at `p`: a sequence item indicator, a mapping key (a plain or
   * quoted scalar followed by `:` and white space; the scalar and the colon are recorded), a flow
   * collection, or a scalar (recorded likewise). Declines what the quick path does not handle.
   */
  private scanNode(p: number): number {
    const s = this.s;
    const c = s.charCodeAt(p);
    switch (c) {
      case DASH:
      case QUESTION:
      case COLON: {
        const d = s.charCodeAt(p + 1);
        if (d === TAB) decline();
        if (isBlankOrEnd(d)) {
          if (c === DASH) return AS_SEQ;
          decline(); // explicit key, or empty key
        }
        break;
      }
      case LBRACKET:
      case LBRACE:
        return AS_FLOW;
      case DQUOTE:
      case SQUOTE: {
        const e = c === DQUOTE ? this.doubleQuoted(p) : this.singleQuoted(p);
        this.sEnd = e;
        this.sStyle = c === DQUOTE ? 1 : 2;
        let i = e;
        let d = s.charCodeAt(i);
        while (d === SPACE) d = s.charCodeAt(++i);
        if (d === COLON) {
          const f = s.charCodeAt(i + 1);
          if (f === TAB) decline();
          if (isBlankOrEnd(f)) {
            this.sColon = i;
            return AS_KEY;
          }
        }
        return AS_SCALAR;
      }
      case TAB:
      case HASH:
      case RBRACKET:
      case RBRACE:
      case COMMA:
      case PERCENT:
      case AT:
      case BACKTICK:
      case PIPE:
      case GT:
      case AMP:
      case STAR:
      case BANG:
        // Tabs, comments where a node belongs, stray flow ends, reserved or directive characters,
        // block scalars, anchors, aliases and tags.
        decline();
    }
    this.sStyle = 0;
    return this.plainBlock(p) ? AS_KEY : AS_SCALAR;
  }

  /**
   * Scans a plain scalar in block context from `p` to the end of its line: records its end
   * (before trailing spaces) in `sEnd`; returns true when it is a mapping key (ends at `:` followed
   * by white space, recorded in `sColon`), false when it ends at a comment or the line's end.
   */
  private plainBlock(p: number): boolean {
    const s = this.s;
    let i = p;
    let end = p;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c > COLON && c < 0x7f) {
        end = ++i;
        continue;
      }
      if (c === SPACE) {
        if (s.charCodeAt(i + 1) === HASH) break;
        i++;
        continue;
      }
      if (c === COLON) {
        const d = s.charCodeAt(i + 1);
        if (d === TAB) decline();
        if (isBlankOrEnd(d)) {
          this.sEnd = end;
          this.sColon = i;
          return true;
        }
        end = ++i;
        continue;
      }
      if (c >= SPACE && c < 0x7f) {
        end = ++i;
        continue;
      }
      if (c === LF || c !== c) break;
      if (c === CR) {
        if (s.charCodeAt(i + 1) !== LF) decline();
        break;
      }
      if (c < SPACE) decline();
      const w = wideChar(s, i, c);
      if (w === 0) decline();
      i += w;
      end = i;
    }
    this.sEnd = end;
    return false;
  }

  /** Scans a one-line double-quoted scalar at `p`; its value goes to `sText`. Returns its end. */
  private doubleQuoted(p: number): number {
    const s = this.s;
    let i = p + 1;
    let from = i;
    let out = '';
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === DQUOTE) break;
      if (c >= SPACE && c < 0x7f) {
        if (c === BACKSLASH) {
          out += s.slice(from, i);
          const e = s.charCodeAt(i + 1);
          const simple = simpleEscape(e);
          if (simple !== undefined) {
            out += simple;
            i += 2;
          } else if (e === 120 /* x */ || e === 117 /* u */) {
            const len = e === 120 ? 2 : 4;
            let code = 0;
            for (let k = 0; k < len; k++) {
              const h = hexValue(s.charCodeAt(i + 2 + k));
              if (h < 0) decline();
              code = code * 16 + h;
            }
            // Escaped surrogates decode to lone code units; leave them to the reference.
            if (code >= 0xd800 && code <= 0xdfff) decline();
            out += String.fromCharCode(code);
            i += 2 + len;
          } else {
            // `\U`, escaped line breaks or tabs, and invalid escapes.
            decline();
          }
          from = i;
          continue;
        }
        i++;
        continue;
      }
      // Line ends (a multi-line or unterminated scalar), tabs and other control characters.
      if (c < 0x7f || c !== c) decline();
      const w = wideChar(s, i, c);
      if (w === 0) decline();
      i += w;
    }
    this.sText = from === p + 1 ? s.slice(from, i) : out + s.slice(from, i);
    return i + 1;
  }

  /** Scans a one-line single-quoted scalar at `p`; its value goes to `sText`. Returns its end. */
  private singleQuoted(p: number): number {
    const s = this.s;
    let i = p + 1;
    let from = i;
    let out = '';
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === SQUOTE) {
        if (s.charCodeAt(i + 1) !== SQUOTE) break;
        out += s.slice(from, i + 1);
        i += 2;
        from = i;
        continue;
      }
      if (c >= SPACE && c < 0x7f) {
        i++;
        continue;
      }
      if (c < 0x7f || c !== c) decline();
      const w = wideChar(s, i, c);
      if (w === 0) decline();
      i += w;
    }
    this.sText = from === p + 1 ? s.slice(from, i) : out + s.slice(from, i);
    return i + 1;
  }

  /** The scalar `scanNode` or `flowNode` just scanned, starting at `p`. */
  private scannedScalar(p: number): YScalar {
    const style = this.sStyle;
    if (style === 0) return plainScalar(this.s.slice(p, this.sEnd), p, this.sEnd);
    return quotedScalar(this.sText, style === 1, p, this.sEnd);
  }

  /**
   * A block mapping whose first key starts at `p` (already scanned by `scanNode`) in column `col`.
   * Returns with the cursor on the first line that does not belong to it.
   */
  private parseMap(p: number, col: number, depth: number): YMap {
    if (depth > MAX_DEPTH) decline();
    const s = this.s;
    const pairs: YPair[] = [];
    let seen: Set<string> | null = null;
    let ref = this.ls;
    for (;;) {
      const colon = this.sColon;
      if (colon - ref > MAX_KEY_SPAN) decline();
      const key = this.scannedScalar(p);
      // `<<` is a merge key for go-yaml; the reference path applies merges.
      if (key.style === 'plain' && key.text === '<<') decline();
      let q = colon + 1;
      let c = s.charCodeAt(q);
      while (c === SPACE) c = s.charCodeAt(++q);
      let value: YNode;
      if (c === HASH || c === LF || c === CR || q >= this.n) {
        // Nothing more on the key's line: a block value on the next lines, or an empty value.
        const comment = this.endLine(q);
        this.peek();
        if (this.kind === CONTENT && this.ind > col) {
          const d = this.ls + this.ind;
          const what = this.scanNode(d);
          if (what === AS_KEY) value = this.parseMap(d, this.ind, depth + 1);
          else if (what === AS_SEQ) value = this.parseSeq(d, this.ind, depth + 1);
          else decline(); // a scalar or flow collection on the line after its key
        } else if (this.kind === CONTENT && this.ind === col && this.dashAt(this.ls + col)) {
          // `key:` followed by `- item` lines at the key's own indentation.
          value = this.parseSeq(this.ls + col, col, depth + 1);
        } else {
          value = nullScalar(q);
          if (this.kind === CONTENT && this.ind === col) {
            // The next key follows; what comes between does not change any span.
            this.tail = q;
            this.pendingMax = -1;
          } else {
            this.emptyValueTail(q, comment, col, true);
          }
        }
      } else {
        value = this.inlineValue(q, depth + 1);
        this.endLine(this.ve);
        this.peek();
        this.absorbTrailing(col);
      }
      seen = addPair(pairs, seen, key, value);
      if (this.kind === CONTENT) {
        if (this.ind === col) {
          const d = this.ls + col;
          // The next key; a `- ` here would be an error, anything else a scalar or flow line.
          if (this.scanNode(d) !== AS_KEY) decline();
          // The composer measures a key from the end of the previous value's trailing part, which
          // for an empty value is on the previous line.
          ref = Math.min(this.tail, this.ls);
          p = d;
          this.pendingMax = -1;
          continue;
        }
        // More indented: a continuation line of a multi-line scalar, or an error.
        if (this.ind > col) decline();
      }
      break;
    }
    const map: YMap = { kind: 'map', pairs, flow: false, start: pairs[0]!.key.start, end: 0 };
    map.end = this.finish(col);
    return map;
  }

  /**
   * A block sequence whose first `-` is at `p`, in column `col`. Returns with the cursor on the
   * first line that does not belong to it.
   */
  private parseSeq(p: number, col: number, depth: number): YSeq {
    if (depth > MAX_DEPTH) decline();
    const s = this.s;
    const items: YNode[] = [];
    const start = p;
    // Whether comment lines before this item's `-` are part of it: the parser puts a trailing
    // comment-only item and the next `-` into one item, so they count as the item's properties.
    let lead = false;
    for (;;) {
      let q = p + 1;
      let c = s.charCodeAt(q);
      while (c === SPACE) c = s.charCodeAt(++q);
      if (c === HASH || c === LF || c === CR || q >= this.n) {
        const comment = this.endLine(q);
        this.peek();
        // A node on the line after `-` (or a more indented line after an empty item).
        if (this.kind === CONTENT && this.ind > col) decline();
        items.push(nullScalar(q));
        if (this.kind === CONTENT && this.ind === col && this.dashAt(this.ls + col)) {
          this.tail = q;
          this.pendingMax = -1;
        } else {
          this.emptyValueTail(q, comment || lead, col, false);
        }
      } else {
        const what = this.scanNode(q);
        if (what === AS_KEY) items.push(this.parseMap(q, q - this.ls, depth + 1));
        else if (what === AS_SEQ) items.push(this.parseSeq(q, q - this.ls, depth + 1));
        else {
          items.push(what === AS_FLOW ? this.flowCollection(q, depth + 1) : this.scannedScalar(q));
          if (what === AS_SCALAR) this.ve = this.sEnd;
          this.endLine(this.ve);
          this.peek();
          this.absorbTrailing(col);
        }
      }
      if (this.kind === CONTENT) {
        if (this.ind === col) {
          const d = this.ls + col;
          if (this.dashAt(d)) {
            p = d;
            lead = this.pendingMax >= 0;
            this.pendingMax = -1;
            continue;
          }
          // Anything else at this column ends the sequence (the enclosing mapping's next key).
        } else if (this.ind > col) decline();
      }
      break;
    }
    const seq: YSeq = { kind: 'seq', items, flow: false, start, end: 0 };
    seq.end = this.finish(col);
    return seq;
  }

  /** True when a `- ` sequence item indicator is at `p`. */
  private dashAt(p: number): boolean {
    const s = this.s;
    if (s.charCodeAt(p) !== DASH) return false;
    const d = s.charCodeAt(p + 1);
    if (d === TAB) decline();
    return isBlankOrEnd(d);
  }

  /**
   * Ends a block collection in column `col` whose last value left its tail in `tail`: returns the
   * collection's end (the composer's `range[1]`, the end of its last value's tail) and sets
   * `tail` to the collection's own tail.
   *
   * This mirrors the parser's `pop`: when a collection is closed, a trailing item holding only
   * comments moves to the enclosing collection unless the collection is at column 0 or one of
   * those comments is at least as indented as the collection; where it stays, the composer ends
   * the collection's tail after it (at the next token).
   */
  private finish(col: number): number {
    const end = this.tail;
    if (this.pendingMax >= 0 && col !== 0 && col <= this.pendingMax) {
      this.tail = this.pendingEnd;
      this.pendingMax = -1;
    }
    return end;
  }

  /**
   * Sets `tail` for a value (a scalar or flow collection) that ended its line, in a collection in
   * column `col`, and records the comment lines that follow it.
   *
   * This mirrors the parser: after the value's line break, comment lines more indented than the
   * collection (and blank lines before them) join the value's trailing part, until the first
   * comment line that is not; from there on, the comment lines form a comment-only item of the
   * collection (`pendingMax`, `finish`). Blank lines alone never change a span.
   */
  private absorbTrailing(col: number): void {
    let tail = this.lineEnd;
    const nc = this.nc;
    let i = 0;
    for (; i < nc; i++) {
      if (this.cInd[i]! <= col) break;
      tail = this.cEnd[i]!;
    }
    this.tail = tail;
    if (i === nc) {
      this.pendingMax = -1;
      return;
    }
    let max = 0;
    for (; i < nc; i++) if (this.cInd[i]! > max) max = this.cInd[i]!;
    this.pendingMax = max;
    this.pendingEnd = this.tok;
  }

  /**
   * Sets `tail` for an empty mapping value or sequence item at `at` that is the last of its
   * collection (in column `col`); `comment` tells whether its own line (or, for a sequence item,
   * a comment line merged into it before its `-`) had a comment.
   *
   * The parser keeps every line from there to the next token in the empty node's properties, so
   * the composer ends its tail at the next token when any of them holds a comment, and right at
   * the node otherwise. One exception is declined: a `---` ending a mapping at column 0 makes the
   * parser split those lines at the second line break, which is not worth reproducing.
   */
  private emptyValueTail(at: number, comment: boolean, col: number, inMap: boolean): void {
    this.pendingMax = -1;
    if (!comment && this.nc === 0) {
      this.tail = at;
      return;
    }
    if (inMap && col === 0 && this.kind === DOC_START) decline();
    this.tail = this.tok;
  }

  /** A scalar or flow collection as a block value at `q`; sets `ve` to its end. */
  private inlineValue(q: number, depth: number): YNode {
    const what = this.scanNode(q);
    if (what === AS_FLOW) return this.flowCollection(q, depth);
    // `key: other: value` is a compact mapping the composer rejects (a quoted scalar followed by
    // `: ` likewise), and `key: - item` a sequence on the key's line.
    if (what !== AS_SCALAR) decline();
    this.ve = this.sEnd;
    return this.scannedScalar(q);
  }

  /** A one-line flow sequence or mapping at `p`; sets `ve` to the position after its end. */
  private flowCollection(p: number, depth: number): YMap | YSeq {
    if (depth > MAX_DEPTH) decline();
    const s = this.s;
    const isMap = s.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const pairs: YPair[] = [];
    let seen: Set<string> | null = null;
    const items: YNode[] = [];
    let i = this.flowSpace(p + 1);
    if (s.charCodeAt(i) !== close) {
      for (;;) {
        if (isMap) {
          const key = this.flowNode(i, depth + 1);
          if (key.kind !== 'scalar') decline(); // a flow collection as a key
          if (key.style === 'plain' && key.text === '<<') decline();
          i = this.flowSpace(this.ve);
          // A key without `:` (or a plain key running into `:x`) has no value node.
          if (s.charCodeAt(i) !== COLON) decline();
          i = this.flowSpace(i + 1);
          const c = s.charCodeAt(i);
          if (c === COMMA || c === RBRACE || c === RBRACKET) decline(); // an empty value
          const value = this.flowNode(i, depth + 1);
          seen = addPair(pairs, seen, key, value);
        } else {
          items.push(this.flowNode(i, depth + 1));
        }
        i = this.flowSpace(this.ve);
        let c = s.charCodeAt(i);
        if (c === COMMA) {
          i = this.flowSpace(i + 1);
          c = s.charCodeAt(i);
          if (c === close) break; // a trailing comma
          if (c === COMMA) decline(); // an empty item
          continue;
        }
        if (c === close) break;
        // A pair in a flow sequence, a missing comma, a wrong closing bracket or a comment.
        decline();
      }
    }
    const end = i + 1;
    this.ve = end;
    return isMap ? { kind: 'map', pairs, flow: true, start: p, end } : { kind: 'seq', items, flow: true, start: p, end };
  }

  /** Skips spaces inside a flow collection; declines at a line end (multi-line flow) or a tab. */
  private flowSpace(p: number): number {
    const s = this.s;
    let c = s.charCodeAt(p);
    while (c === SPACE) c = s.charCodeAt(++p);
    if (c === LF || c === CR || c === TAB || c !== c) decline();
    return p;
  }

  /** A scalar or nested collection inside a flow collection at `p`; sets `ve` to its end. */
  private flowNode(p: number, depth: number): YNode {
    const s = this.s;
    const c = s.charCodeAt(p);
    switch (c) {
      case LBRACKET:
      case LBRACE:
        return this.flowCollection(p, depth);
      case DQUOTE:
        this.ve = this.doubleQuoted(p);
        return quotedScalar(this.sText, true, p, this.ve);
      case SQUOTE:
        this.ve = this.singleQuoted(p);
        return quotedScalar(this.sText, false, p, this.ve);
      case DASH:
      case QUESTION:
      case COLON: {
        const d = s.charCodeAt(p + 1);
        if (isBlankOrEnd(d) || d === TAB || isFlowIndicator(d)) decline();
        break;
      }
      case HASH:
      case RBRACKET:
      case RBRACE:
      case COMMA:
      case PERCENT:
      case AT:
      case BACKTICK:
      case PIPE:
      case GT:
      case AMP:
      case STAR:
      case BANG:
        decline();
    }
    // A plain scalar: it ends at a flow indicator, at `:` followed by white space or a flow
    // indicator, or before ` #` (a comment, which would make the collection multi-line).
    let i = p;
    let end = p;
    for (;;) {
      const ch = s.charCodeAt(i);
      if (ch > COLON && ch < 0x7f) {
        if (ch === LBRACKET || ch === RBRACKET || ch === LBRACE || ch === RBRACE) break;
        end = ++i;
        continue;
      }
      if (ch === SPACE) {
        if (s.charCodeAt(i + 1) === HASH) decline();
        i++;
        continue;
      }
      if (ch === COMMA) break;
      if (ch === COLON) {
        const d = s.charCodeAt(i + 1);
        if (d === TAB) decline();
        if (isBlankOrEnd(d) || isFlowIndicator(d)) break;
        end = ++i;
        continue;
      }
      if (ch > SPACE && ch < 0x7f) {
        end = ++i;
        continue;
      }
      if (ch < SPACE || ch !== ch) decline(); // line ends, tabs, control characters
      const w = wideChar(s, i, ch);
      if (w === 0) decline();
      i += w;
      end = i;
    }
    this.ve = end;
    return plainScalar(s.slice(p, end), p, end);
  }
}

/**
 * Parses `text` into our trees when it sticks to the subset described in the module comment, or
 * returns `undefined` so that the caller uses a slower path. A result never has problems.
 */
export function parseSegmentQuick(text: string): ParsedSegment | undefined {
  try {
    return new QuickParser(text).parse();
  } catch {
    return undefined;
  }
}
