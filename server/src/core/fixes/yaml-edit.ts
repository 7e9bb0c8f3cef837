/**
 * Minimal, layout-preserving edits on YAML text: set a scalar, insert a key into a mapping, append
 * an item to a sequence, remove a key. Each edit touches only the bytes it must, and new text
 * follows the file's own conventions: its line ending (LF or CRLF), the indentation of the
 * neighbouring keys, whether sequences are indented under their key, and block versus flow style.
 *
 * Invariant: nothing outside the returned edit's span changes, so comments, quoting and key order
 * elsewhere stay byte-identical.
 */
import type { TextEdit } from '../types';
import type { YMap, YNode, YPair, YSeq } from '../yaml/tree';

export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the end of the line containing `offset` (after its line break, if any). */
export function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The indentation step the document uses (2 by default), from the first indented key. */
export function indentUnit(text: string): number {
  const m = /\n( +)[^\s#-]/.exec(text);
  return m ? Math.min(8, Math.max(1, m[1]!.length)) : 2;
}

/** The last offset of a node's own text, ignoring trailing line breaks the parser included. */
function nodeEnd(text: string, node: YNode): number {
  let end = node.end;
  while (end > node.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

function pairEnd(text: string, pair: YPair): number {
  return pair.value ? nodeEnd(text, pair.value) : pair.key.end;
}

/** Replaces a scalar's text. */
export function replaceNode(node: YNode, newText: string): TextEdit {
  return { start: node.start, end: node.end, newText };
}

/** Inserts `key: value` (value already rendered as one line) into a mapping, after `after` or at the end. */
export function insertScalarPair(text: string, map: YMap, key: string, value: string, after?: YPair): TextEdit {
  const anchor = after ?? map.pairs[map.pairs.length - 1];
  if (map.flow) {
    if (!anchor) {
      const open = text.indexOf('{', map.start);
      return { start: open + 1, end: open + 1, newText: `${key}: ${value}` };
    }
    const at = pairEnd(text, anchor);
    return { start: at, end: at, newText: `, ${key}: ${value}` };
  }
  if (!anchor) throw new Error('cannot insert into an empty block mapping');
  const eol = eolOf(text);
  const indent = ' '.repeat(columnOf(text, map.pairs[0]!.key.start));
  const at = lineEndAfter(text, pairEnd(text, anchor));
  const needsBreak = at === text.length && !text.endsWith('\n');
  return { start: at, end: at, newText: `${needsBreak ? eol : ''}${indent}${key}: ${value}${eol}` };
}

/**
 * Inserts a key whose value is a multi-line block (already rendered as lines relative to the key's
 * indentation, without trailing line break) at the end of a block mapping.
 */
export function insertBlockPair(text: string, map: YMap, key: string, bodyLines: readonly string[], after?: YPair): TextEdit {
  const anchor = after ?? map.pairs[map.pairs.length - 1];
  if (!anchor) throw new Error('cannot insert into an empty block mapping');
  const eol = eolOf(text);
  const indent = ' '.repeat(columnOf(text, map.pairs[0]!.key.start));
  const at = lineEndAfter(text, pairEnd(text, anchor));
  const needsBreak = at === text.length && !text.endsWith('\n');
  const lines = [`${indent}${key}:`, ...bodyLines.map((l) => (l.length > 0 ? indent + l : l))];
  return { start: at, end: at, newText: `${needsBreak ? eol : ''}${lines.join(eol)}${eol}` };
}

/** Whether a block sequence puts its `-` under its key (`key:\n- a`) or indented (`key:\n  - a`). */
export function sequenceOffset(text: string, keyPair: YPair | undefined, seq: YSeq | undefined, unit: number): number {
  if (keyPair && seq && !seq.flow && seq.items.length > 0) {
    return columnOf(text, seq.start) - columnOf(text, keyPair.key.start);
  }
  return unit;
}

/** Appends an already-rendered item (lines after `- `, relative indentation) to a block sequence. */
export function appendBlockItem(text: string, seq: YSeq, itemLines: readonly string[]): TextEdit {
  const eol = eolOf(text);
  const dash = columnOf(text, seq.start);
  const pad = ' '.repeat(dash);
  const last = seq.items[seq.items.length - 1];
  const at = last ? lineEndAfter(text, nodeEnd(text, last)) : lineEndAfter(text, seq.start);
  const needsBreak = at === text.length && !text.endsWith('\n');
  const lines = itemLines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l.length > 0 ? `${pad}  ${l}` : l));
  return { start: at, end: at, newText: `${needsBreak ? eol : ''}${lines.join(eol)}${eol}` };
}

/** Appends an already-rendered flow item to a flow sequence. */
export function appendFlowItem(text: string, seq: YSeq, item: string): TextEdit {
  const last = seq.items[seq.items.length - 1];
  if (last) {
    const at = nodeEnd(text, last);
    return { start: at, end: at, newText: `, ${item}` };
  }
  const open = text.indexOf('[', seq.start);
  return { start: open + 1, end: open + 1, newText: item };
}

/** Removes one `key: value` pair, with its whole line(s) in block style or its comma in flow style. */
export function removePair(text: string, map: YMap, pair: YPair): TextEdit {
  if (map.flow) {
    const idx = map.pairs.indexOf(pair);
    const start = pair.key.start;
    const end = pairEnd(text, pair);
    const next = map.pairs[idx + 1];
    if (next) return { start, end: next.key.start, newText: '' };
    const prev = map.pairs[idx - 1];
    if (prev) return { start: pairEnd(text, prev), end, newText: '' };
    return { start, end, newText: '' };
  }
  const ls = lineStartOf(text, pair.key.start);
  const onlyIndentBefore = text.slice(ls, pair.key.start).trim() === '';
  const end = lineEndAfter(text, pairEnd(text, pair));
  if (onlyIndentBefore) return { start: ls, end, newText: '' };
  return { start: pair.key.start, end: pairEnd(text, pair), newText: '' };
}
