/**
 * Splits a YAML stream into its documents without parsing it, and keeps that split up to date
 * across edits.
 *
 * A line that starts with `---` (followed by a space, tab or line end) always starts a new
 * document, and a line that starts with `...` always ends one: YAML forbids both markers at column
 * 0 inside any scalar, so a line scan finds exactly the boundaries a full parser would. That lets
 * the analyser parse and cache each document on its own, and lets an edit re-split only the text
 * around it (see `updateSegments`), which is what keeps large files fast.
 *
 * Invariants: segments are contiguous, non-overlapping, cover the whole text, and each one starts
 * at the beginning of a line. Comment-only or directive-only lines that precede a `---` stay with
 * the document that `---` starts.
 */

export interface Segment {
  start: number;
  end: number;
}

const enum Ch {
  LF = 10,
  CR = 13,
  Tab = 9,
  Space = 32,
  Dash = 45,
  Dot = 46,
  Hash = 35,
  Percent = 37,
}

function isMarker(text: string, i: number, ch: number): boolean {
  if (text.charCodeAt(i) !== ch || text.charCodeAt(i + 1) !== ch || text.charCodeAt(i + 2) !== ch) return false;
  const next = text.charCodeAt(i + 3);
  return Number.isNaN(next) || next === Ch.Space || next === Ch.Tab || next === Ch.LF || next === Ch.CR;
}

function lineEnd(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

/** True when the line starting at `i` holds only whitespace or a comment. */
function isBlankOrComment(text: string, i: number, end: number): boolean {
  for (let j = i; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c === Ch.Space || c === Ch.Tab || c === Ch.CR || c === Ch.LF) continue;
    return c === Ch.Hash;
  }
  return true;
}

/**
 * Scans `text` from `from` (which must be the start of a segment) and calls `emit` with each
 * segment boundary found. Stops early when `emit` returns false.
 */
function scan(text: string, from: number, emit: (boundary: number) => boolean): void {
  let segStart = from;
  let hasContent = false;
  let i = from;
  while (i < text.length) {
    const end = lineEnd(text, i);
    const c = text.charCodeAt(i);
    if (c === Ch.Dash && isMarker(text, i, Ch.Dash)) {
      if (hasContent && i > segStart) {
        if (!emit(i)) return;
        segStart = i;
      }
      // The marker line itself may carry content (`--- !tag` or `--- value`); either way the
      // document has begun, so later comment lines belong to it.
      hasContent = true;
    } else if (c === Ch.Dot && isMarker(text, i, Ch.Dot)) {
      if (end < text.length) {
        if (!emit(end)) return;
        segStart = end;
      }
      hasContent = false;
      i = end;
      continue;
    } else if (!hasContent) {
      if (!(c === Ch.Percent || isBlankOrComment(text, i, end))) hasContent = true;
    }
    i = end;
  }
}

/** Splits a whole text into document segments. An empty text is one empty segment. */
export function splitSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let start = 0;
  scan(text, 0, (b) => {
    out.push({ start, end: b });
    start = b;
    return true;
  });
  out.push({ start, end: text.length });
  return out;
}

/**
 * Recomputes the segments after one edit that replaced `[editStart, editOldEnd)` of the old text
 * with text now spanning `[editStart, editNewEnd)` of `newText`.
 *
 * Returns the new segment list and the index range `[from, to)` of the new list whose segments are
 * new (all others are old segments, shifted, whose text did not change).
 */
export function updateSegments(
  old: readonly Segment[],
  newText: string,
  editStart: number,
  editOldEnd: number,
  editNewEnd: number,
): { segments: Segment[]; from: number; to: number } {
  const delta = editNewEnd - editOldEnd;
  // The first segment that can be affected: the one containing the edit start, and the one before
  // it, because an edit at the start of a segment can merge it with its predecessor.
  let first = 0;
  let lo = 0;
  let hi = old.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (old[mid]!.start <= editStart) {
      first = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (first > 0) first--;
  const rescanFrom = old[first]!.start;

  // Old segments that start at or after the edit's old end can be resynchronised with: once the new
  // scan emits a boundary equal to one of their (shifted) starts, everything after is unchanged.
  const oldStarts = new Map<number, number>();
  for (let j = first + 1; j < old.length; j++) {
    const s = old[j]!.start;
    if (s >= editOldEnd) oldStarts.set(s + delta, j);
  }

  const fresh: Segment[] = [];
  let start = rescanFrom;
  let resyncAt = -1;
  scan(newText, rescanFrom, (b) => {
    fresh.push({ start, end: b });
    start = b;
    if (b >= editNewEnd && oldStarts.has(b)) {
      resyncAt = oldStarts.get(b)!;
      return false;
    }
    return true;
  });
  const segments = old.slice(0, first);
  const from = segments.length;
  if (resyncAt === -1) {
    fresh.push({ start, end: newText.length });
    segments.push(...fresh);
    return { segments, from, to: segments.length };
  }
  segments.push(...fresh);
  const to = segments.length;
  for (let j = resyncAt; j < old.length; j++) {
    const s = old[j]!;
    segments.push({ start: s.start + delta, end: s.end + delta });
  }
  return { segments, from, to };
}
