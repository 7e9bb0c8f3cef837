/**
 * Minimal, layout-preserving edits on YAML text: set a scalar, insert a key into a mapping, append
 * an item to a sequence, remove a key. Each edit touches only the bytes it must, and new text
 * follows the file's own conventions: its line ending (LF or CRLF), the indentation of the
 * neighbouring keys, whether sequences are indented under their key, and block versus flow style.
 *
 * Invariant: nothing outside the returned edit's span changes, so comments, quoting and key order
 * elsewhere stay byte-identical.
 *
 * Aliases and merges: a node reached through an alias (`*x`) has the anchored node's span, and a
 * pair that came from a `<<` merge lives inside the merged mapping. Positions are therefore taken
 * from the alias itself (`via`) and from the mapping's own pairs, never from merged ones, so an
 * edit lands where the user wrote the use; edits inside the anchored text are refused by the fix
 * engine (`fixes/verify.ts`), since they would change every use.
 */
import type { TextEdit } from '../types';
import type { YMap, YNode, YPair, YSeq } from '../yaml/tree';
import { commentsOf } from './comments';

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

/**
 * The last offset of a node's own text, ignoring trailing line breaks the parser included. For a
 * node reached through an alias that is the end of the alias, where the node is used.
 */
function nodeEnd(text: string, node: YNode): number {
  if (node.via) return node.via.end;
  let end = node.end;
  while (end > node.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return end;
}

/** The pairs written in the mapping itself (not brought in by a `<<` merge). */
export function ownPairs(map: YMap): YPair[] {
  return map.pairs.filter((p) => !p.merged);
}

/**
 * The column of a block mapping pair's indentation: the key's column, or that of the `?` of an
 * explicit key, or of the key's anchor or tag. Leading `- ` of sequence items on the same line
 * belong to the enclosing sequences and are skipped.
 */
export function pairColumn(text: string, pair: YPair): number {
  const ls = lineStartOf(text, pair.key.start);
  let i = ls;
  for (;;) {
    while (i < pair.key.start && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i < pair.key.start && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      i++;
      continue;
    }
    break;
  }
  return i - ls;
}

/** The indentation of a block mapping's keys, from its first own pair. */
function mapIndent(text: string, map: YMap): number {
  const first = ownPairs(map)[0];
  if (!first) throw new Error('a mapping with no pairs of its own');
  return pairColumn(text, first);
}

/** The own pair to insert after: `after` when it is one, else the last own pair. */
function insertionAnchor(map: YMap, after?: YPair): YPair | undefined {
  if (after && !after.merged) return after;
  const own = ownPairs(map);
  return own[own.length - 1];
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
  const anchor = insertionAnchor(map, after);
  if (map.flow) {
    if (!anchor) {
      // `{<<: *base}`: the merge key is the only entry, and we would need its comma.
      if (map.pairs.length > 0) throw new Error('cannot insert into a mapping holding only merged pairs');
      const open = text.indexOf('{', map.start);
      return { start: open + 1, end: open + 1, newText: `${key}: ${value}` };
    }
    const at = pairEnd(text, anchor);
    return { start: at, end: at, newText: `, ${key}: ${value}` };
  }
  if (!anchor) throw new Error('cannot insert into an empty block mapping');
  const eol = eolOf(text);
  const indent = ' '.repeat(mapIndent(text, map));
  const at = lineEndAfter(text, pairEnd(text, anchor));
  const needsBreak = at === text.length && !text.endsWith('\n');
  return { start: at, end: at, newText: `${needsBreak ? eol : ''}${indent}${key}: ${value}${eol}` };
}

/**
 * Inserts a key whose value is a multi-line block (already rendered as lines relative to the key's
 * indentation, without trailing line break) at the end of a block mapping.
 */
export function insertBlockPair(text: string, map: YMap, key: string, bodyLines: readonly string[], after?: YPair): TextEdit {
  const anchor = insertionAnchor(map, after);
  if (!anchor) throw new Error('cannot insert into an empty block mapping');
  const eol = eolOf(text);
  const indent = ' '.repeat(mapIndent(text, map));
  const at = lineEndAfter(text, pairEnd(text, anchor));
  const needsBreak = at === text.length && !text.endsWith('\n');
  const lines = [`${indent}${key}:`, ...bodyLines.map((l) => (l.length > 0 ? indent + l : l))];
  return { start: at, end: at, newText: `${needsBreak ? eol : ''}${lines.join(eol)}${eol}` };
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

/**
 * Removes one `key: value` pair, with its whole line(s) in block style or its comma in flow style.
 * Comments on the removed lines are kept, each on a line of its own at the pair's indentation: a
 * comment often explains more than the one key it follows.
 */
export function removePair(text: string, map: YMap, pair: YPair): TextEdit {
  // A merged pair is written in another mapping, maybe used elsewhere too.
  if (pair.merged) throw new Error('cannot remove a merged pair');
  if (map.flow) {
    const idx = map.pairs.indexOf(pair);
    const start = pair.key.start;
    const end = pairEnd(text, pair);
    const next = map.pairs[idx + 1];
    if (next && !next.merged) return { start, end: next.key.start, newText: '' };
    const prev = map.pairs[idx - 1];
    if (prev) return { start: pairEnd(text, prev), end, newText: '' };
    return { start, end, newText: '' };
  }
  const ls = lineStartOf(text, pair.key.start);
  const end = lineEndAfter(text, pairEnd(text, pair));
  if (onlyIndentBefore(text, ls, pair.key.start)) {
    const eol = eolOf(text);
    const indent = ' '.repeat(pairColumn(text, pair));
    const kept = commentsOf(text.slice(ls, end)).map((c) => `${indent}${c.text}${eol}`);
    return { start: ls, end, newText: kept.join('') };
  }
  return { start: pair.key.start, end: pairEnd(text, pair), newText: '' };
}

/** True when `[from, to)` holds only indentation and the `?` of an explicit key. */
function onlyIndentBefore(text: string, from: number, to: number): boolean {
  let question = false;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t') continue;
    if (c === '?' && !question) {
      question = true;
      continue;
    }
    return false;
  }
  return true;
}
