/**
 * Maps a position in a scalar's parsed value back to the document text, so a problem found inside
 * a string (a selector syntax error at character 12, say) can be underlined at the exact source
 * character even when the scalar is quoted, escaped, folded over several lines or written as a
 * block scalar.
 *
 * How: the scalar's source is re-read by its style (plain, single- or double-quoted, literal or
 * folded block), producing the value one character at a time together with the source offset
 * each character came from (escapes map to their backslash, `''` to its first quote, a folded line
 * break to the break). The rebuilt value is compared with the value the YAML parser produced; only
 * when they are equal is the map used. Otherwise (an exotic construct this reader does not follow)
 * offsets fall back to "start of the content plus the index", clamped to the scalar, which is never
 * outside the scalar and usually right for single-line values.
 *
 * Invariants: never throws; every returned offset lies within the scalar's span; results are
 * cached per node (nodes are immutable).
 */
import type { YScalar } from './tree';

interface OffsetMap {
  /** `offsets[i]` is the source offset of value character `i`; one extra entry marks the end. */
  offsets: number[];
  exact: boolean;
}

const cache = new WeakMap<YScalar, OffsetMap>();

/**
 * The document offset of value character `index` of `node` (`index === value length` gives the
 * position just after the last character). `text` is the text the node's spans refer to.
 */
export function scalarValueOffset(text: string, node: YScalar, index: number): number {
  const map = offsetMap(text, node);
  const i = Math.max(0, Math.min(Math.floor(index), map.offsets.length - 1));
  return map.offsets[i]!;
}

/**
 * The document span of value characters `[from, to)`. An empty range becomes a one-character span
 * where possible, so editors can show it.
 */
export function scalarValueSpan(text: string, node: YScalar, from: number, to: number): { start: number; end: number } {
  const map = offsetMap(text, node);
  const last = map.offsets.length - 1;
  const a = Math.max(0, Math.min(Math.floor(from), last));
  const b = Math.max(a, Math.min(Math.floor(to), last));
  const start = map.offsets[a]!;
  if (b > a) {
    // The end is just after the source of the last character in the range.
    const lastChar = map.offsets[b - 1]!;
    const end = Math.max(start + 1, nextSourceOffset(map, b - 1, lastChar, text, node));
    return { start, end: Math.min(end, node.end) };
  }
  const end = Math.min(node.end, start + 1);
  return end > start ? { start, end } : { start: Math.max(node.start, start - 1), end: start };
}

/** True when the offsets for this node are exact (for tests). */
export function hasExactOffsets(text: string, node: YScalar): boolean {
  return offsetMap(text, node).exact;
}

function nextSourceOffset(map: OffsetMap, i: number, at: number, text: string, node: YScalar): number {
  // Most characters come from one source character; an escape (`\u00e9`, `''`) spans more. The
  // next value character's offset bounds it, unless that is on another line.
  const next = map.offsets[i + 1];
  if (next !== undefined && next > at) {
    const between = text.slice(at, next);
    const nl = between.search(/[\r\n]/);
    return nl === -1 ? next : at + Math.max(1, nl);
  }
  return Math.min(node.end, at + 1);
}

function offsetMap(text: string, node: YScalar): OffsetMap {
  let m = cache.get(node);
  if (m) return m;
  m = build(text, node);
  cache.set(node, m);
  return m;
}

function build(text: string, node: YScalar): OffsetMap {
  const expected = node.text;
  let built: Built | undefined;
  try {
    switch (node.style) {
      case 'plain':
        built = readFlow(text, node.start, node.end, 'plain');
        break;
      case 'single':
        built = readFlow(text, node.start + 1, closingQuote(text, node, "'"), 'single');
        break;
      case 'double':
        built = readFlow(text, node.start + 1, closingQuote(text, node, '"'), 'double');
        break;
      case 'literal':
      case 'folded':
        built = readBlock(text, node, expected);
        break;
    }
  } catch {
    built = undefined;
  }
  if (built && built.chars.join('') === expected) {
    return { offsets: [...built.offsets, built.end], exact: true };
  }
  return approximate(text, node, expected.length);
}

function closingQuote(text: string, node: YScalar, quote: string): number {
  const end = node.end;
  return end > node.start && text[end - 1] === quote ? end - 1 : end;
}

/** Fallback: the content start plus the index, clamped to the scalar. */
function approximate(text: string, node: YScalar, length: number): OffsetMap {
  let content = node.start;
  if (node.style === 'single' || node.style === 'double') content += 1;
  else if (node.style === 'literal' || node.style === 'folded') {
    const nl = text.indexOf('\n', node.start);
    content = nl === -1 || nl >= node.end ? node.start : nl + 1;
    while (content < node.end && text[content] === ' ') content++;
  }
  const offsets: number[] = [];
  const hi = Math.max(node.start, node.end - 1);
  for (let i = 0; i <= length; i++) offsets.push(Math.min(content + i, i === length ? node.end : hi));
  return { offsets, exact: false };
}

interface Built {
  chars: string[];
  offsets: number[];
  /** Source offset just after the last value character. */
  end: number;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/**
 * Reads a flow scalar's content `[from, to)` (inside the quotes for quoted styles), applying YAML
 * line folding: trailing blanks before a line break and leading blanks after it are dropped; one
 * break becomes a space, and a break followed by n empty lines becomes n newlines.
 */
function readFlow(text: string, from: number, to: number, style: 'plain' | 'single' | 'double'): Built {
  const chars: string[] = [];
  const offsets: number[] = [];
  // Characters produced by an escape are never trimmed as trailing blanks.
  const escaped: boolean[] = [];
  let lastEnd = from;
  const push = (c: string, at: number, esc: boolean, srcEnd: number): void => {
    chars.push(c);
    offsets.push(at);
    escaped.push(esc);
    lastEnd = srcEnd;
  };
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (isBreak(c)) {
      while (chars.length > 0 && isBlank(chars[chars.length - 1]) && !escaped[escaped.length - 1]) {
        chars.pop();
        offsets.pop();
        escaped.pop();
      }
      const breakAt = i;
      i = skipBreak(text, i);
      let empties = 0;
      for (;;) {
        let j = i;
        while (j < to && isBlank(text[j])) j++;
        if (j < to && isBreak(text[j])) {
          empties++;
          i = skipBreak(text, j);
          continue;
        }
        i = j;
        break;
      }
      if (empties === 0) push(' ', breakAt, false, breakAt + 1);
      else for (let k = 0; k < empties; k++) push('\n', breakAt, false, breakAt + 1);
      continue;
    }
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      push("'", i, true, i + 2);
      i += 2;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const at = i;
      const e = text[i + 1];
      if (e === undefined) throw new Error('dangling escape');
      if (isBreak(e)) {
        // An escaped line break joins the lines without a space; leading blanks are dropped.
        i = skipBreak(text, i + 1);
        while (i < to && isBlank(text[i])) i++;
        continue;
      }
      const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (hexLen > 0) {
        const hex = text.slice(i + 2, i + 2 + hexLen);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLen) throw new Error('bad escape');
        const s = String.fromCodePoint(parseInt(hex, 16));
        for (const ch of s.split('')) push(ch, at, true, i + 2 + hexLen);
        i += 2 + hexLen;
        continue;
      }
      const simple = ESCAPES[e];
      if (simple === undefined) throw new Error('unknown escape');
      push(simple, at, true, i + 2);
      i += 2;
      continue;
    }
    push(c, i, false, i + 1);
    i++;
  }
  // A plain scalar never ends with blanks; quoted ones keep them (only trailing blanks before a
  // break are dropped, handled above).
  return { chars, offsets, end: lastEnd };
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

function skipBreak(text: string, i: number): number {
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i + 1;
}

interface Line {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset of the line break ending it (or the block's end). */
  end: number;
}

/**
 * Reads a literal or folded block scalar. The header gives the chomping mode and an optional
 * indentation indicator. Without an indicator the content is indented like its first non-empty
 * line. An indicator is relative to the parent's indentation, which this node does not know, so the
 * columns where a collection can start on the header's line are tried, and the reading that
 * rebuilds the parsed value wins. Trying every indentation up to the first line's instead would
 * cost the block's size times its indentation.
 */
function readBlock(text: string, node: YScalar, expected: string): Built | undefined {
  const headerEnd = text.indexOf('\n', node.start);
  if (headerEnd === -1 || headerEnd >= node.end) return { chars: [], offsets: [], end: node.end };
  const header = stripHeaderComment(text.slice(node.start + 1, headerEnd)).trim();
  const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  let indicator = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c >= 0x31 && c <= 0x39) indicator = c - 0x30;
  }
  const lines: Line[] = [];
  let s = headerEnd + 1;
  while (s < node.end) {
    let e = text.indexOf('\n', s);
    if (e === -1 || e > node.end) e = node.end;
    const lineEnd = e > s && text[e - 1] === '\r' ? e - 1 : e;
    lines.push({ start: s, end: lineEnd });
    s = e + 1;
  }
  const candidates = new Set<number>();
  const firstContent = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
  if (firstContent) {
    let n = 0;
    while (firstContent.start + n < firstContent.end && text[firstContent.start + n] === ' ') n++;
    if (indicator === 0) candidates.add(n);
    else {
      // The parent's indentation is the column of a collection that starts on the header's line:
      // the line's indentation, each `- ` item on it, or the key after them (`- - key: |2`).
      const lineStart = text.lastIndexOf('\n', node.start) + 1;
      let i = lineStart;
      while (i < node.start && text[i] === ' ') i++;
      for (;;) {
        const column = i - lineStart;
        if (column + indicator <= n) candidates.add(column + indicator);
        if (text[i] !== '-' || (text[i + 1] !== ' ' && text[i + 1] !== '\t') || i >= node.start) break;
        i++;
        while (i < node.start && (text[i] === ' ' || text[i] === '\t')) i++;
      }
      if (lineStart === 0 || candidates.size === 0) candidates.add(Math.min(n, indicator));
    }
  }
  for (const indent of candidates) {
    const built = node.style === 'literal' ? literal(text, lines, indent, chomp) : folded(text, lines, indent, chomp);
    if (built.chars.join('') === expected) return built;
  }
  return undefined;
}

/**
 * A block scalar header without its trailing comment: everything before the first `#` that
 * follows white space (a `#` right after the indicators would be a syntax error, never a comment).
 */
function stripHeaderComment(header: string): string {
  for (let i = 1; i < header.length; i++) {
    if (header.charCodeAt(i) === 0x23) {
      const before = header.charCodeAt(i - 1);
      if (before === 0x20 || before === 0x09) return header.slice(0, i);
    }
  }
  return header;
}

function contentOf(text: string, line: Line, indent: number): { from: number; empty: boolean } {
  const from = Math.min(line.start + indent, line.end);
  const empty = text.slice(line.start, line.end).trim() === '' && line.end - line.start <= indent;
  return { from, empty };
}

function chompTail(chars: string[], offsets: number[], chomp: string, breaks: number[]): void {
  // `breaks` holds the offsets of the trailing line breaks (after the last content character).
  if (chomp === 'strip') return;
  if (chomp === 'clip') {
    if (chars.length > 0 && breaks.length > 0) {
      chars.push('\n');
      offsets.push(breaks[0]!);
    }
    return;
  }
  for (const b of breaks) {
    chars.push('\n');
    offsets.push(b);
  }
}

function literal(text: string, lines: Line[], indent: number, chomp: string): Built {
  const chars: string[] = [];
  const offsets: number[] = [];
  let pendingBreaks: number[] = [];
  let end = lines.length > 0 ? lines[0]!.start : 0;
  for (const line of lines) {
    const { from, empty } = contentOf(text, line, indent);
    if (empty) {
      pendingBreaks.push(line.end);
      continue;
    }
    if (chars.length > 0 || pendingBreaks.length > 0) {
      // Breaks between content lines are kept; the one ending the previous content line comes first.
      for (const b of pendingBreaks) {
        chars.push('\n');
        offsets.push(b);
      }
    }
    pendingBreaks = [];
    for (let i = from; i < line.end; i++) {
      chars.push(text[i]!);
      offsets.push(i);
    }
    end = line.end;
    pendingBreaks.push(line.end);
  }
  // Leading empty lines before the first content were pushed as breaks above; trailing ones wait.
  chompTail(chars, offsets, chomp, pendingBreaks);
  return { chars, offsets, end };
}

function folded(text: string, lines: Line[], indent: number, chomp: string): Built {
  const chars: string[] = [];
  const offsets: number[] = [];
  let end = lines.length > 0 ? lines[0]!.start : 0;
  // Breaks seen since the last content line (the first is the one ending that line).
  let pending: number[] = [];
  let prevMoreIndented = false;
  let seenContent = false;
  for (const line of lines) {
    const { from, empty } = contentOf(text, line, indent);
    if (empty) {
      pending.push(line.end);
      continue;
    }
    const moreIndented = isBlank(text[from]);
    if (seenContent) {
      // Between two normal lines the first break folds: to a space when no empty line follows,
      // to nothing when empty lines follow (each of which is a newline). Next to a more-indented
      // line every break is kept.
      if (!moreIndented && !prevMoreIndented) {
        if (pending.length === 1) {
          chars.push(' ');
          offsets.push(pending[0]!);
        } else {
          for (const b of pending.slice(1)) {
            chars.push('\n');
            offsets.push(b);
          }
        }
      } else {
        for (const b of pending) {
          chars.push('\n');
          offsets.push(b);
        }
      }
    } else {
      // Empty lines before the first content line are newlines.
      for (const b of pending) {
        chars.push('\n');
        offsets.push(b);
      }
    }
    pending = [];
    for (let i = from; i < line.end; i++) {
      chars.push(text[i]!);
      offsets.push(i);
    }
    end = line.end;
    pending.push(line.end);
    prevMoreIndented = moreIndented;
    seenContent = true;
  }
  chompTail(chars, offsets, chomp, pending);
  return { chars, offsets, end };
}
