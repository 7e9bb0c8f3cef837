/**
 * One YAML file, split into documents, each analysed and cached on its own.
 *
 * Every document slot keeps its own text, a small string of its own (never a view into a larger
 * one). The text of the whole file is only a join of those, built when someone asks for `text` and
 * cached until the next change: an edit of a huge file must cost the size of the documents it
 * touches, not the size of the file, and must leave no multi-megabyte garbage behind (V8 frees
 * large strings only at full collections, which shows up as growing memory and long pauses).
 *
 * An edit re-splits only a small range of documents around it (`resplitRange` in
 * `yaml/segments.ts` says which, and why nothing outside that range can move): their texts are
 * joined, the change is applied to that, and the result is split on its own. Documents whose text
 * survives keep their identity and cached result; the ones after the range are only shifted.
 * Analysis is lazy and can run in slices (`analyzeSome`), so a server can answer other requests
 * while a huge file is being validated.
 *
 * Invariants: the slots cover the text exactly, in order, each slot's `end - start` is its text's
 * length; a slot's `result`, when present, is the analysis of exactly its current text, and its
 * `id` is kept for as long as its text is unchanged; the listener hears of every result attached
 * and detached; diagnostics returned are in absolute offsets of the whole text.
 * Invariant — attached documents keep their order: an edit that moves documents past one another
 * (pasting a document above its neighbour, say) detaches the ones that moved, and they are
 * analysed again. So the relative order of any two attached documents never changes while they
 * stay attached, and an index that sorted them when they were attached (duplicate resources: the
 * later definition wins) stays sorted without being told of every edit.
 */
import type { Diagnostic } from '../types';
import { resplitRange, segmentIndexAt, splitSegments, type Segment } from '../yaml/segments';
import { analyzeSegmentSteps, DEFAULT_LIMITS, isOversized, type AnalysisLimits, type SegmentAnalysis } from './segment';
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
  /** The document's text (detached: it keeps no larger string alive). */
  text: string;
  result?: SegmentAnalysis;
  /** The analysis of a large document, paused part-way (see `analyzeSome`). */
  job?: Generator<void, SegmentAnalysis, void>;
}

/**
 * Documents at least this long are analysed in steps that can pause between rules (or, when
 * oversized, between tokens), so one big document does not hold up a language server's requests;
 * smaller ones take well under a millisecond and are analysed in one go.
 */
const STEPPED_FROM = 32 * 1024;
const NEVER = (): boolean => false;

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

/** New slots for the segments of `text`, offset by `base`. */
function slotsOf(text: string, segments: readonly Segment[], base: number): Slot[] {
  return segments.map((s) => ({ id: nextSlotId++, start: s.start + base, end: s.end + base, text: detach(text.slice(s.start, s.end)) }));
}

export class FileAnalysis {
  private slots: Slot[];
  private _length: number;
  /** The whole text, when it has been given or built since the last change. */
  private _text: string | undefined;
  private pending = 0;
  /** Every slot before this index has a result, so `analyzeSome` resumes here, not at 0. */
  private firstPending = 0;
  private _revision = 0;
  /**
   * How many attached results hold Calico, and how many carry a file-level suppression: kept up
   * to date as results come and go, so the per-publish questions need no pass over every document.
   */
  private calicoCount = 0;
  private fileSuppressCount = 0;
  /**
   * The slot holding each attached result, by slot id: the index files resources by slot id, and
   * navigation turns their slot-relative spans into file offsets through this (slots after an edit
   * are shifted in place, so the entry stays right; a slot that takes over an id replaces it).
   */
  private byId = new Map<number, Slot>();

  /** The `shouldStop` of the `analyzeSome` call in progress, read by paused document jobs. */
  private shouldStop: () => boolean = NEVER;

  /**
   * `limits` is read at each analysis (the workspace's own object, so a settings change reaches
   * every file); after changing it, call `limitsChanged`.
   */
  constructor(text: string, private readonly listener?: FileListener, private readonly limits: AnalysisLimits = DEFAULT_LIMITS) {
    this.slots = slotsOf(text, splitSegments(text), 0);
    this.pending = this.slots.length;
    this._length = text.length;
    this._text = text;
  }

  private attach(slot: Slot, result: SegmentAnalysis): void {
    slot.result = result;
    this.byId.set(slot.id, slot);
    if (result.calico) this.calicoCount++;
    if (result.fileSuppress !== undefined) this.fileSuppressCount++;
    this.listener?.attached(slot.id, result);
  }

  /** A result that no document holds any more. */
  private release(id: number, result: SegmentAnalysis): void {
    this.byId.delete(id);
    if (result.calico) this.calicoCount--;
    if (result.fileSuppress !== undefined) this.fileSuppressCount--;
    this.listener?.detached(id, result);
  }

  /** Forgets every analysis (the file is being removed). */
  dispose(): void {
    for (const s of this.slots) if (s.result) this.release(s.id, s.result);
    this.slots = [];
    this.pending = 0;
    this._length = 0;
    this._text = '';
  }

  /**
   * The whole text. Built by joining the documents' texts on first use after a change (a copy of
   * the whole file), so the paths that run on every edit use `length`, `charCodeAt`, `slice` and
   * `documentAt` instead.
   */
  get text(): string {
    // `join` builds one flat string (concatenation would build a rope of ten thousand parts).
    if (this._text === undefined) this._text = this.slots.map((s) => s.text).join('');
    return this._text;
  }

  /** The limits documents are analysed under (the workspace's). */
  get analysisLimits(): AnalysisLimits {
    return this.limits;
  }

  /** Length of the whole text (UTF-16 code units). */
  get length(): number {
    return this._length;
  }

  /** The UTF-16 code unit at `offset` of the whole text (NaN outside it, like a string's). */
  charCodeAt(offset: number): number {
    if (this._text !== undefined) return this._text.charCodeAt(offset);
    if (!(offset >= 0 && offset < this._length)) return NaN;
    const s = this.slots[segmentIndexAt(this.slots, offset)]!;
    return s.text.charCodeAt(offset - s.start);
  }

  /** `[start, end)` of the whole text, both clamped to it (an empty string when `end <= start`). */
  slice(start: number, end: number = this._length): string {
    start = Math.max(0, Math.min(start, this._length));
    end = Math.max(start, Math.min(end, this._length));
    if (this._text !== undefined) return this._text.slice(start, end);
    if (start === end) return '';
    let i = segmentIndexAt(this.slots, start);
    let out = '';
    for (; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      if (s.start >= end) break;
      out += s.text.slice(Math.max(start, s.start) - s.start, Math.min(end, s.end) - s.start);
    }
    return out;
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
    const old = new Map<string, Reusable[]>();
    this.slots.forEach((s, at) => {
      if (!s.result) return;
      const list = old.get(s.text);
      if (list) list.push({ slot: s, at });
      else old.set(s.text, [{ slot: s, at }]);
    });
    const segments = splitSegments(text);
    this.slots = new Array<Slot>(segments.length);
    this.pending = 0;
    const order = { last: -1 };
    const moved: Slot[] = [];
    segments.forEach((seg, j) => {
      const prev = takeInOrder(old.get(text.slice(seg.start, seg.end)), order, moved);
      // A kept document keeps its old text too (equal, and already detached).
      if (prev) {
        this.slots[j] = { id: prev.id, start: seg.start, end: seg.end, text: prev.text, result: prev.result! };
        this.byId.set(prev.id, this.slots[j]!);
      } else {
        this.slots[j] = { id: nextSlotId++, start: seg.start, end: seg.end, text: detach(text.slice(seg.start, seg.end)) };
        this.pending++;
      }
    });
    this._length = text.length;
    this._text = text;
    this.firstPending = 0;
    this._revision++;
    for (const s of moved) this.release(s.id, s.result!);
    for (const list of old.values()) for (const r of list) this.release(r.slot.id, r.slot.result!);
  }

  /**
   * Applies changes in order; each change's offsets refer to the text left by the previous one.
   * `resultText` (the text after the changes, which an editor's document model used to hold) is
   * accepted for compatibility and not needed: the change is applied to the documents it touches.
   */
  applyChanges(changes: readonly TextChange[], _resultText?: string): void {
    for (const c of changes) this.applyChange(c);
  }

  private applyChange(c: TextChange): void {
    const old = this.slots;
    if (old.length === 0) return; // disposed
    const start = Math.max(0, Math.min(c.start, this._length));
    const end = Math.max(start, Math.min(c.end, this._length));
    const delta = c.text.length - (end - start);
    const { first, last } = resplitRange(old, start, end);
    const base = old[first]!.start;
    let region = '';
    for (let j = first; j < last; j++) region += old[j]!.text;
    region = region.slice(0, start - base) + c.text + region.slice(end - base);
    // Only an empty file has an empty segment, and the range is empty only when it is the whole
    // file (it always holds a character before the edit or the unchanged segment after it).
    const fresh = slotsOf(region, splitSegments(region), base);

    // Old documents of the range whose text survives keep their analysis and identity.
    const reusable = new Map<string, Reusable[]>();
    let pending = this.pending;
    for (let j = first; j < last; j++) {
      const s = old[j]!;
      if (!s.result) {
        pending--;
        continue;
      }
      const list = reusable.get(s.text);
      if (list) list.push({ slot: s, at: j });
      else reusable.set(s.text, [{ slot: s, at: j }]);
    }
    const order = { last: -1 };
    const moved: Slot[] = [];
    for (const s of fresh) {
      const prev = takeInOrder(reusable.get(s.text), order, moved);
      if (prev) {
        s.id = prev.id;
        s.text = prev.text;
        s.result = prev.result!;
        this.byId.set(s.id, s);
      } else pending++;
    }
    // The documents after the range are unchanged: shifted in place.
    if (delta !== 0) {
      for (let j = last; j < old.length; j++) {
        const s = old[j]!;
        s.start += delta;
        s.end += delta;
      }
    }
    if (fresh.length === last - first) for (let j = 0; j < fresh.length; j++) old[first + j] = fresh[j]!;
    else if (fresh.length < 10_000) old.splice(first, last - first, ...fresh);
    else this.slots = old.slice(0, first).concat(fresh, old.slice(last));
    for (const s of moved) this.release(s.id, s.result!);
    for (const list of reusable.values()) for (const r of list) this.release(r.slot.id, r.slot.result!);
    this.pending = pending;
    this._length += delta;
    this._text = undefined;
    if (first < this.firstPending) this.firstPending = first;
    this._revision++;
  }

  /**
   * Analyses documents that have no result yet, stopping once `shouldStop()` says so (checked
   * between documents). Returns true when the whole file is analysed.
   */
  analyzeSome(shouldStop: () => boolean = NEVER): boolean {
    if (this.pending === 0) return true;
    const slots = this.slots;
    this.shouldStop = shouldStop;
    try {
      for (let i = this.firstPending; i < slots.length; i++) {
        const s = slots[i]!;
        this.firstPending = i;
        if (s.result) continue;
        // A large document runs as a job that can pause inside it; the job reads `shouldStop`
        // through this object, so a resumed job obeys the current caller.
        const stepped = s.text.length >= STEPPED_FROM && shouldStop !== NEVER;
        const job = s.job ?? analyzeSegmentSteps(s.text, this.limits, stepped ? () => this.shouldStop() : NEVER);
        const r = job.next();
        if (!r.done) {
          s.job = job;
          return false;
        }
        s.job = undefined;
        this.attach(s, r.value);
        this.pending--;
        if (this.pending === 0) return true;
        if (shouldStop()) return false;
      }
    } finally {
      this.shouldStop = NEVER;
    }
    return this.pending === 0;
  }

  /**
   * The analysis limits changed from `before` to the current ones: documents on either side of
   * the size limit are analysed again (their results, and any paused jobs, are dropped), and so
   * is every Calico document (or paused job) when the edition changed.
   */
  limitsChanged(before: AnalysisLimits): void {
    let changed = false;
    // A new edition changes what every Calico document's check means; documents without Calico
    // stay as they are (which documents are Calico does not depend on the edition).
    const editionChanged = before.edition !== this.limits.edition;
    for (const s of this.slots) {
      const len = s.text.length;
      const resize = isOversized(len, before) !== isOversized(len, this.limits);
      if (!resize && !(editionChanged && (s.job !== undefined || s.result?.calico === true))) continue;
      s.job = undefined;
      if (!s.result) continue;
      const result = s.result;
      s.result = undefined;
      this.release(s.id, result);
      this.pending++;
      changed = true;
    }
    if (changed) {
      this.firstPending = 0;
      this._revision++;
    }
  }

  /** Analyses whatever is left. */
  analyzeAll(): void {
    this.analyzeSome();
  }

  /** True when some analysed document holds a Calico resource. */
  get hasCalico(): boolean {
    return this.calicoCount > 0;
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
    if (this.fileSuppressCount === 0) return undefined;
    let fileSuppress: string[] | null | undefined;
    for (const s of this.slots) {
      const f = s.result?.fileSuppress;
      if (f === undefined) continue;
      fileSuppress = f === null || fileSuppress === null ? null : [...(fileSuppress ?? []), ...f];
    }
    return fileSuppress;
  }

  /**
   * Calls `visit` for each analysed document from slot index `from`, in order; stops early when
   * `shouldStop` says so (asked every few documents) and returns the index to resume from (the
   * slot count when done).
   */
  forEachAnalysedSlotFrom(from: number, shouldStop: () => boolean, visit: (slot: SlotView) => void): number {
    const slots = this.slots;
    for (let i = from; i < slots.length; i++) {
      const s = slots[i]!;
      if (s.result) visit(s as SlotView);
      // A clock read per document would cost more than most visits.
      if ((i & 15) === 15 && shouldStop()) return i + 1;
    }
    return slots.length;
  }

  /** Calls `visit` for each analysed document, in order (for outline and code lens). */
  forEachAnalysedSlot(visit: (slot: SlotView) => void): void {
    this.forEachAnalysedSlotFrom(0, NEVER, visit);
  }

  /** The analysis held under this slot id (undefined once the document is gone or re-analysed). */
  resultOf(id: number): SegmentAnalysis | undefined {
    return this.byId.get(id)?.result;
  }

  /** Where the document with this slot id starts in the file (undefined when it has no result). */
  slotStart(id: number): number | undefined {
    return this.byId.get(id)?.start;
  }

  /** Bumped by every change of the text, so callers can tell whether resumable work is stale. */
  get revision(): number {
    return this._revision;
  }

  /**
   * The document containing `offset` (its span and text, and its analysis when it has one), for
   * on-demand features.
   */
  documentAt(offset: number): { start: number; end: number; text: string; result?: SegmentAnalysis } {
    const s = this.slots[segmentIndexAt(this.slots, offset)];
    if (!s) return { start: 0, end: 0, text: '' };
    return s.result ? { start: s.start, end: s.end, text: s.text, result: s.result } : { start: s.start, end: s.end, text: s.text };
  }

  /** Every document's span, in order. */
  documents(): Array<{ start: number; end: number }> {
    return this.slots.map((s) => ({ start: s.start, end: s.end }));
  }
}

function shift(d: Diagnostic, by: number): Diagnostic {
  if (by === 0) return d;
  const out: Diagnostic = { ...d, start: d.start + by, end: d.end + by };
  // A related span in another file (`file`) is already absolute there.
  if (d.related) out.related = d.related.map((r) => (r.file !== undefined ? r : { ...r, start: r.start + by, end: r.end + by }));
  return out;
}

/** An analysed document that an edit may reuse, with its index before the edit. */
interface Reusable {
  slot: Slot;
  at: number;
}

/**
 * The first reusable document of `list` (documents with one text, in their old order) that comes
 * after the last one reused, so reused documents keep their relative order. Those passed over
 * moved past a reused one: they go to `moved`, to be detached (and analysed again where they are
 * now). Identical documents are taken first to first, so they never swap.
 */
function takeInOrder(list: Reusable[] | undefined, order: { last: number }, moved: Slot[]): Slot | undefined {
  if (!list) return undefined;
  while (list.length > 0 && list[0]!.at < order.last) moved.push(list.shift()!.slot);
  const r = list.shift();
  if (!r) return undefined;
  order.last = r.at;
  return r.slot;
}

