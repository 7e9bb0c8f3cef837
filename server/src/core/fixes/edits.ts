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
