/**
 * Applying text edits, shared by quick fixes, `calico-lint --fix` and the tests.
 *
 * Invariant: edits are applied from the end of the text backwards, so their offsets (all relative
 * to the original text) stay valid; overlapping edits are refused rather than merged.
 */
import type { TextEdit } from '../types';

/** True when no two edits overlap (touching is fine, and so are two inserts at distinct offsets). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
      if (x.start === y.start && (x.start === x.end || y.start === y.end)) return true;
    }
  }
  return false;
}

/** Applies non-overlapping edits to `text`. Throws on overlap, which is a bug in a fix. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

/** Shifts edits computed on a document's text to offsets in the whole file. */
export function shiftEdits(edits: readonly TextEdit[], by: number): TextEdit[] {
  return edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText }));
}

/**
 * The edits of the fixes chosen so far, kept sorted, so whether a new fix overlaps any of them is
 * a binary search rather than a comparison with each (a fix-all over a document with thousands
 * of fixes would otherwise cost the square of their number). Overlap means what `editsOverlap`
 * says: ranges that share a character, or an insertion at the start of another edit.
 */
export class EditSet {
  /** Sorted by start, then end. */
  private readonly spans: Array<{ start: number; end: number }> = [];

  /** True when some edit of `edits` overlaps an edit already in the set. */
  overlaps(edits: readonly TextEdit[]): boolean {
    for (const e of edits) if (this.overlapsOne(e)) return true;
    return false;
  }

  add(edits: readonly TextEdit[]): void {
    for (const e of edits) {
      const i = this.firstAtOrAfter(e.start, e.end);
      this.spans.splice(i, 0, { start: e.start, end: e.end });
    }
  }

  private overlapsOne(e: TextEdit): boolean {
    // Spans starting before `e` overlap it only if they reach past its start; they are sorted by
    // start, not end, but none is longer than the text it replaced, and chosen edits never
    // overlap each other, so the one just before is the only candidate among them.
    const i = this.firstAtOrAfter(e.start, -Infinity);
    const before = this.spans[i - 1];
    if (before && before.start < e.start && e.start < before.end) return true;
    if (before && before.start < e.start && e.start === e.end && e.start < before.end) return true;
    for (let j = i; j < this.spans.length; j++) {
      const s = this.spans[j]!;
      if (s.start > e.end || (s.start === e.end && e.end > e.start)) break;
      if ((s.start < e.end && e.start < s.end) || (s.start === e.start && (s.start === s.end || e.start === e.end))) return true;
    }
    return false;
  }

  /** Index of the first span with (start, end) at or after the given ones. */
  private firstAtOrAfter(start: number, end: number): number {
    let lo = 0;
    let hi = this.spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.spans[mid]!;
      if (s.start < start || (s.start === start && s.end < end)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
