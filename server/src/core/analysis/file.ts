/**
 * One YAML file, split into documents, each analysed and cached on its own.
 *
 * Edits are applied as offset-based changes; only the documents whose text they touch are
 * re-split and re-analysed (see `yaml/segments.ts`), and everything else keeps its cached result,
 * shifted. Analysis is lazy and can run in slices (`analyzeSome`), so a server can answer other
 * requests while a huge file is being validated.
 *
 * Invariants: `segments` always covers `text` exactly; a segment's `result`, when present, is the
 * analysis of exactly its current text; diagnostics returned are in absolute offsets of `text`.
 */
import type { Diagnostic } from '../types';
import { splitSegments, updateSegments, type Segment } from '../yaml/segments';
import { analyzeSegment, type SegmentAnalysis } from './segment';
import { isFileSuppressed } from './suppressions';

/** Replace `[start, end)` of the current text with `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

interface Slot extends Segment {
  /** Stable identity of this document's analysis; kept while its text is unchanged. */
  id: number;
  result?: SegmentAnalysis;
}

/** Told when a document's analysis appears or disappears, so an index can follow edits. */
export interface FileListener {
  attached(slotId: number, result: SegmentAnalysis): void;
  detached(slotId: number, result: SegmentAnalysis): void;
}

/** A document of the file with its analysis, as cross-document checks see it. */
export interface SlotView {
  id: number;
  start: number;
  end: number;
  result: SegmentAnalysis;
}

let nextSlotId = 1;

function slotsFor(segments: readonly Segment[]): Slot[] {
  return segments.map((s) => ({ id: nextSlotId++, start: s.start, end: s.end }));
}

/**
 * Copies a string so that it does not keep a larger parent string alive. V8 represents slices of
 * long strings as views into the parent; caching such a slice per document would keep every
 * version of a large file in memory. Prepending a character makes a rope that `slice` must first
 * flatten into a fresh string, so the result is a view into that copy (one character longer) and
 * not into the parent; this is a plain memory copy, about ten times faster than a JSON round trip.
 */
function detach(s: string): string {
  return s.length < 16 ? s : (' ' + s).slice(1);
}

export class FileAnalysis {
  private _text: string;
  private slots: Slot[];
  private pending = 0;

  constructor(text: string, private readonly listener?: FileListener) {
    this._text = text;
    this.slots = slotsFor(splitSegments(text));
    this.pending = this.slots.length;
  }

  private attach(slot: Slot, result: SegmentAnalysis): void {
    slot.result = result;
    this.listener?.attached(slot.id, result);
  }

  /** Forgets every analysis (the file is being removed). */
  dispose(): void {
    for (const s of this.slots) if (s.result) this.listener?.detached(s.id, s.result);
    this.slots = [];
    this.pending = 0;
  }

  get text(): string {
    return this._text;
  }

  /** Number of YAML documents in the file. */
  get documentCount(): number {
    return this.slots.length;
  }

  /** True when every document has been analysed. */
  get isComplete(): boolean {
    return this.pending === 0;
  }

  /** Replaces the whole text, reusing results of documents whose text is unchanged. */
  setText(text: string): void {
    const old = new Map<string, Slot[]>();
    for (const s of this.slots) {
      if (!s.result) continue;
      const key = this._text.slice(s.start, s.end);
      const list = old.get(key);
      if (list) list.push(s);
      else old.set(key, [s]);
    }
    this._text = text;
    this.slots = slotsFor(splitSegments(text));
    this.pending = 0;
    for (const s of this.slots) {
      const prev = old.get(text.slice(s.start, s.end))?.pop();
      if (prev) {
        s.id = prev.id;
        s.result = prev.result;
      } else this.pending++;
    }
    for (const list of old.values()) for (const s of list) this.listener?.detached(s.id, s.result!);
  }

  /** Applies changes in order; each change's offsets refer to the text left by the previous one. */
  applyChanges(changes: readonly TextChange[], resultText?: string): void {
    changes.forEach((c, i) => this.applyChange(c, i === changes.length - 1 ? resultText : undefined));
  }

  /**
   * `resultText`, when the caller already holds the text after the change (an editor's document
   * model does), is used instead of building it again: on a large file that saves a full copy per
   * keystroke. It must equal the old text with the change applied.
   */
  private applyChange(c: TextChange, resultText?: string): void {
    const oldText = this._text;
    const start = Math.max(0, Math.min(c.start, oldText.length));
    const end = Math.max(start, Math.min(c.end, oldText.length));
    const expectedLength = oldText.length - (end - start) + c.text.length;
    const newText = resultText !== undefined && resultText.length === expectedLength ? resultText : oldText.slice(0, start) + c.text + oldText.slice(end);
    const old = this.slots;
    const { segments, from, to } = updateSegments(old, newText, start, end, start + c.text.length);
    const replacedEnd = old.length - (segments.length - to);
    // Old documents in the re-split region whose text survives keep their analysis and identity.
    const reusable = new Map<string, Slot[]>();
    for (let j = from; j < replacedEnd; j++) {
      const s = old[j]!;
      if (!s.result) continue;
      const key = oldText.slice(s.start, s.end);
      const list = reusable.get(key);
      if (list) list.push(s);
      else reusable.set(key, [s]);
    }
    const slots: Slot[] = new Array(segments.length);
    for (let j = 0; j < from; j++) slots[j] = old[j]!;
    let pending = this.pending;
    for (let j = from; j < replacedEnd; j++) if (!old[j]!.result) pending--;
    for (let j = from; j < to; j++) {
      const seg = segments[j]!;
      const prev = reusable.get(newText.slice(seg.start, seg.end))?.pop();
      if (prev) slots[j] = { id: prev.id, start: seg.start, end: seg.end, result: prev.result! };
      else {
        slots[j] = { id: nextSlotId++, start: seg.start, end: seg.end };
        pending++;
      }
    }
    for (let j = to; j < segments.length; j++) {
      const o = old[replacedEnd + (j - to)]!;
      const seg = segments[j]!;
      const moved: Slot = { id: o.id, start: seg.start, end: seg.end };
      if (o.result) moved.result = o.result;
      slots[j] = moved;
    }
    for (const list of reusable.values()) for (const s of list) this.listener?.detached(s.id, s.result!);
    this.slots = slots;
    this.pending = pending;
    this._text = newText;
  }

  /**
   * Analyses documents that have no result yet, stopping once `shouldStop()` says so (checked
   * between documents). Returns true when the whole file is analysed.
   */
  analyzeSome(shouldStop: () => boolean = () => false): boolean {
    if (this.pending === 0) return true;
    for (const s of this.slots) {
      if (s.result) continue;
      this.attach(s, analyzeSegment(detach(this._text.slice(s.start, s.end))));
      this.pending--;
      if (this.pending === 0) return true;
      if (shouldStop()) return false;
    }
    return this.pending === 0;
  }

  /** Analyses whatever is left. */
  analyzeAll(): void {
    this.analyzeSome();
  }

  /** True when some analysed document holds a Calico resource. */
  get hasCalico(): boolean {
    for (const s of this.slots) if (s.result?.calico) return true;
    return false;
  }

  /**
   * Diagnostics of the analysed documents, in absolute offsets and document order. Empty for files
   * without any Calico resource: we stay silent on YAML that is not ours, syntax errors included.
   */
  diagnostics(): Diagnostic[] {
    if (!this.hasCalico) return [];
    const fileSuppress = this.fileSuppression();
    const out: Diagnostic[] = [];
    for (const s of this.slots) {
      const r = s.result;
      if (!r) continue;
      for (const d of r.diagnostics) {
        if (isFileSuppressed(fileSuppress, d.code)) continue;
        out.push(shift(d, s.start));
      }
    }
    return out;
  }

  /** Codes silenced for the whole file (`null`: all; `undefined`: none). */
  fileSuppression(): string[] | null | undefined {
    let fileSuppress: string[] | null | undefined;
    for (const s of this.slots) {
      const f = s.result?.fileSuppress;
      if (f === undefined) continue;
      fileSuppress = f === null || fileSuppress === null ? null : [...(fileSuppress ?? []), ...f];
    }
    return fileSuppress;
  }

  /** Calls `visit` for each analysed document that may get cross-document diagnostics, in order. */
  forEachCrossDocumentSlot(visit: (slot: SlotView) => void): void {
    for (const s of this.slots) {
      if (s.result?.crossDocument) visit(s as SlotView);
    }
  }

  /** The document containing `offset` (its span and text), for on-demand features. */
  documentAt(offset: number): { start: number; end: number; text: string } {
    let lo = 0;
    let hi = this.slots.length - 1;
    let idx = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.slots[mid]!.start <= offset) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const s = this.slots[idx]!;
    return { start: s.start, end: s.end, text: this._text.slice(s.start, s.end) };
  }

  /** Every document's span, in order. */
  documents(): Array<{ start: number; end: number }> {
    return this.slots.map((s) => ({ start: s.start, end: s.end }));
  }
}

function shift(d: Diagnostic, by: number): Diagnostic {
  if (by === 0) return d;
  const out: Diagnostic = { ...d, start: d.start + by, end: d.end + by };
  if (d.related) out.related = d.related.map((r) => ({ ...r, start: r.start + by, end: r.end + by }));
  return out;
}

