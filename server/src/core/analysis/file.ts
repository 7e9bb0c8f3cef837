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
import type { ResourceSummary } from '../workspace/summary';
import { isFileSuppressed } from './suppressions';

/** Replace `[start, end)` of the current text with `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

interface Slot extends Segment {
  result?: SegmentAnalysis;
}

/**
 * Copies a string so that it does not keep a larger parent string alive. V8 represents slices of
 * long strings as views into the parent; caching such a slice per document would keep every
 * version of a large file in memory.
 */
function detach(s: string): string {
  return s.length < 16 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

export class FileAnalysis {
  private _text: string;
  private slots: Slot[];
  private pending = 0;

  constructor(text: string) {
    this._text = text;
    this.slots = splitSegments(text);
    this.pending = this.slots.length;
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
    const old = new Map<string, SegmentAnalysis>();
    for (const s of this.slots) if (s.result) old.set(this._text.slice(s.start, s.end), s.result);
    this._text = text;
    this.slots = splitSegments(text);
    this.pending = 0;
    for (const s of this.slots) {
      const r = old.get(text.slice(s.start, s.end));
      if (r) s.result = r;
      else this.pending++;
    }
  }

  /** Applies changes in order; each change's offsets refer to the text left by the previous one. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const c of changes) this.applyChange(c);
  }

  private applyChange(c: TextChange): void {
    const oldText = this._text;
    const start = Math.max(0, Math.min(c.start, oldText.length));
    const end = Math.max(start, Math.min(c.end, oldText.length));
    const newText = oldText.slice(0, start) + c.text + oldText.slice(end);
    const old = this.slots;
    const { segments, from, to } = updateSegments(old, newText, start, end, start + c.text.length);
    const replacedEnd = old.length - (segments.length - to);
    const reusable = new Map<string, SegmentAnalysis>();
    for (let j = from; j < replacedEnd; j++) {
      const s = old[j]!;
      if (s.result) reusable.set(oldText.slice(s.start, s.end), s.result);
    }
    const slots: Slot[] = segments as Slot[];
    for (let j = 0; j < from; j++) slots[j] = old[j]!;
    let pending = this.pending;
    for (let j = from; j < replacedEnd; j++) if (!old[j]!.result) pending--;
    for (let j = from; j < to; j++) {
      const r = reusable.get(newText.slice(slots[j]!.start, slots[j]!.end));
      if (r) slots[j]!.result = r;
      else pending++;
    }
    for (let j = to; j < slots.length; j++) {
      const o = old[replacedEnd + (j - to)]!;
      if (o.result) slots[j]!.result = o.result;
    }
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
      s.result = analyzeSegment(detach(this._text.slice(s.start, s.end)));
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
    let fileSuppress: string[] | null | undefined;
    for (const s of this.slots) {
      const f = s.result?.fileSuppress;
      if (f === undefined) continue;
      fileSuppress = f === null || fileSuppress === null ? null : [...(fileSuppress ?? []), ...f];
    }
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

  /** Summaries of the analysed resources, in absolute offsets. */
  summaries(): ResourceSummary[] {
    const out: ResourceSummary[] = [];
    for (const s of this.slots) {
      for (const r of s.result?.summaries ?? []) out.push(shiftSummary(r, s.start));
    }
    return out;
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

function shiftSpan<T extends { start: number; end: number }>(s: T, by: number): T {
  return { ...s, start: s.start + by, end: s.end + by };
}

function shiftSummary(r: ResourceSummary, by: number): ResourceSummary {
  if (by === 0) return r;
  const out: ResourceSummary = { ...r, span: shiftSpan(r.span, by), nameSpan: shiftSpan(r.nameSpan, by) };
  if (r.policy) {
    out.policy = { ...r.policy };
    if (r.policy.selectorSpan) out.policy.selectorSpan = shiftSpan(r.policy.selectorSpan, by);
    if (r.policy.flagSpan) out.policy.flagSpan = shiftSpan(r.policy.flagSpan, by);
    if (r.policy.rules) {
      out.policy.rules = r.policy.rules.map((m) => ({ ...m, span: shiftSpan(m.span, by), itemSpan: shiftSpan(m.itemSpan, by) }));
    }
  }
  return out;
}
