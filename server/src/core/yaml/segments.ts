/**
 * Splits a YAML stream into its documents without parsing it, and keeps that split up to date
 * across edits.
 *
 * A line that starts with `---` (followed by a space, tab or line end) always starts a new
 * document, and a line that starts with `...` always ends one: YAML forbids both markers at column
 * 0 inside any scalar, so a line scan finds exactly the boundaries a full parser would. That lets
 * the analyser parse and cache each document on its own, and lets an edit re-split only the
 * documents around it (see `resplitRange`), which is what keeps large files fast.
 *
 * Invariants: segments are contiguous, non-overlapping, cover the whole text, and each one starts
 * at the beginning of a line (offset 0 or just after a `\n`). Only an empty text has an empty
 * segment. Comment-only or directive-only lines that precede a `---` stay with the document that
 * `---` starts, when no content came before them in the current document.
 *
 * The scan is a small state machine over lines: `segStart` (where the current segment began) and
 * `hasContent` (whether the current segment has begun a document). A boundary is emitted
 *  - at a `---` line when `hasContent` is set and the line is not the segment's first, and
 *  - right after a `...` line, unless the text ends there;
 * a `---` line sets `hasContent` (the marker itself begins a document), a `...` line clears it,
 * and any other line sets it unless it is blank, a comment or a directive (`%`). Right after any
 * boundary the state is fully determined by the lines that follow it: scanning a text from a
 * boundary gives the same boundaries as scanning it from its start.
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

/** Index of the last segment that starts at or before `offset` (0 when none does). */
export function segmentIndexAt(segments: readonly Segment[], offset: number): number {
  let idx = 0;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.start <= offset) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return idx;
}

/**
 * The documents that an edit replacing `[editStart, editEnd)` of the old text can reshape, as the
 * index range `[first, last)` of `segments` (the old split). Re-splitting the text of that range,
 * edited, on its own gives exactly the segments that `splitSegments` of the whole new text has
 * there; every segment before `first` is unchanged and every segment from `last` on is unchanged
 * but shifted by the edit's length difference.
 *
 * With `i` the segment containing `editStart` and `k` the one containing `editEnd` (the last ones
 * starting at or before them), the range is `i - 1` through `k + 1`. Why nothing outside it moves:
 *
 * - Start. `B = segments[i - 1].start` stays a boundary, and the scan after it is the scan of the
 *   range on its own. The text before `B` is unchanged, so the scanner reaches `B` in the same
 *   state. A `...` boundary at `B` only needs text after `B`, and segment `i - 1` keeps at least
 *   one character before the edit. A `---` boundary at `B` needs the marker's four characters
 *   (`---` and a space, tab or line break; a `---` at the very end of the text has no segment after
 *   it), and they all lie before `segments[i].start <= editStart`. Starting at `i` would not do:
 *   an edit at the very start of segment `i` can break its own marker (merging it into `i - 1`),
 *   and an edit that deletes everything from there to the end takes away the text that a `...`
 *   boundary before it needs. When `i` is 0, `B` is the start of the text.
 * - End. Segment `k + 1` starts after `editEnd`, so the `\n` before it is unchanged and it still
 *   starts a line, and its whole text is unchanged. Whatever state the new scan reaches it in, the
 *   end of `k + 1` is still a boundary with the same state after it: if `k + 1` ends with a `...`
 *   line, that line emits the boundary (the text goes on) and clears `hasContent`; otherwise it
 *   ends at a `---` line of `k + 2`, and `hasContent` is set by then, because the old scan had it
 *   set there and it could only have been set inside `k + 1` (by its own `---` line or a content
 *   line, which the new scan reads too) — the old scan's state at the start of `k + 1` had either
 *   just seen a `---` there or a `...` before it. `segments[k + 1].start` itself is not enough: an
 *   edit can take away the content of segment `k` (or of `k` merged with its predecessors), and
 *   then the comment lines and `---` of `k + 1` join that segment instead of ending it.
 *   When `k` is the last segment, the range runs to the end of the text.
 */
export function resplitRange(segments: readonly Segment[], editStart: number, editEnd: number): { first: number; last: number } {
  const i = segmentIndexAt(segments, editStart);
  const k = Math.max(i, segmentIndexAt(segments, editEnd));
  return { first: Math.max(0, i - 1), last: Math.min(segments.length, k + 2) };
}
