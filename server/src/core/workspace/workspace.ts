/**
 * The set of files the analysis knows about: files open in an editor and, for cross-file checks,
 * the other YAML files of the workspace (or, for the CLI, every file it was given).
 *
 * Per-document diagnostics come from each `FileAnalysis`. Checks that relate resources across
 * documents and files (does a policy's selector match any HostEndpoint?) are `WorkspaceRule`s that
 * read the `WorkspaceIndex`, which follows every document as it is analysed, edited or removed.
 * Settings are applied last, identically for every caller.
 *
 * The order in which definitions apply (a resource defined twice: the later one wins) is the
 * order of the files, then of the documents in a file. Files are in sorted id order (an editor's
 * URIs), or, with `fileOrder: 'added'`, in the order they were first added (the CLI adds them in
 * argument and walk order).
 *
 * The cross-document rules' output is kept per document (`SlotOutput`) and reused while the
 * document's analysis, the index's content (`WorkspaceIndex.contentVersion`) and the analyses of
 * the documents its related spans point into are all unchanged. So an edit that changes nothing a
 * cross-document check reads (a comment typed, a line inserted) costs the edited document and the
 * few that point into it, not a pass over every policy of the file.
 *
 * Invariant: the workspace does no I/O; callers hand it text. Cached output is exactly what the
 * rules would return now (rules read only the index, the document and the spans of documents
 * they name through `RelatedSpan.at`).
 */
import type { Diagnostic } from '../types';
import type { SegmentAnalysis } from '../analysis/segment';
import type { SlotView } from '../analysis/file';
import { applySettings, DEFAULT_SETTINGS, type CalicoSettings } from '../config';
import { FileAnalysis, type TextChange } from '../analysis/file';
import { DEFAULT_LIMITS, type AnalysisLimits } from '../analysis/segment';
import { WorkspaceIndex, type DefinitionOrder } from './index';
import { WORKSPACE_RULES } from '../rules/workspace-registry';
import { isFileSuppressed, isLineSuppressed } from '../analysis/suppressions';

export interface WorkspaceOptions {
  /** How files are ordered when the same resource is defined in several (default `sorted`). */
  fileOrder?: 'sorted' | 'added';
}

/** The cross-document rules' output for one document, and what it was computed from. */
interface SlotOutput {
  result: SegmentAnalysis;
  contentVersion: number;
  /** Offsets relative to the document; suppressions not applied yet (they can change elsewhere). */
  diagnostics: Diagnostic[];
  /** The documents related spans point into (`at`), with the analysis they had. */
  targets?: Array<{ fileId: string; slotId: number; result: SegmentAnalysis | undefined }>;
}

/**
 * One document's share of a file's diagnostics (`Workspace.publishedSlots`): what
 * `Workspace.diagnostics` returns for it, before placing.
 */
export interface PublishedSlot {
  slotId: number;
  /** Where the document starts in its file now. */
  start: number;
  /**
   * Its diagnostics in order, suppressions and settings applied, with offsets relative to the
   * document. So are related spans, except those naming another document (`at`: relative to that
   * one) and those in another file (`file`: absolute there). Never empty.
   */
  diagnostics: readonly Diagnostic[];
}

const NEVER = (): boolean => false;

/** A file's walk by `prepareDiagnostics`, valid for one state of the file, index and settings. */
interface Prepared {
  revision: number;
  version: number;
  settings: CalicoSettings;
  suppressKey: string;
  /** The next document to visit, and whether the walk is over. */
  next: number;
  done: boolean;
  /** What `publishedSlots` returns, once `done`. */
  slots: PublishedSlot[];
}

/** What a document's published list was built from (see `publishedSlots`). */
interface PublishedEntry {
  result: SegmentAnalysis;
  cross: readonly Diagnostic[] | undefined;
  settings: CalicoSettings;
  suppressKey: string;
  diagnostics: readonly Diagnostic[];
}

export class Workspace {
  /** Per file, per slot id: the cross-document output (see `crossOutput`). */
  private outputs = new Map<string, Map<number, SlotOutput>>();
  /** Per file, per slot id: the published list (see `publishedSlots`). */
  private published = new Map<string, Map<number, PublishedEntry>>();
  private files = new Map<string, FileAnalysis>();
  /** Files that may have documents not analysed yet (so `analyzeAll` need not visit every file). */
  private unanalysed = new Set<string>();
  /** Per file: the walk of `prepareDiagnostics`, where it stopped and what it has found. */
  private prepared = new Map<string, Prepared>();
  readonly index: WorkspaceIndex;
  /** With `fileOrder: 'added'`: each file's rank, given when it is first added. */
  private ranks: Map<string, number> | undefined;
  private nextRank = 0;

  constructor(options: WorkspaceOptions = {}) {
    if (options.fileOrder === 'added') this.ranks = new Map();
    const order: DefinitionOrder = {
      compareFiles: (a, b) => {
        if (this.ranks) return (this.ranks.get(a) ?? Infinity) - (this.ranks.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0);
        return a < b ? -1 : a > b ? 1 : 0;
      },
      slotStart: (fileId, slotId) => this.files.get(fileId)?.slotStart(slotId),
    };
    this.index = new WorkspaceIndex(order);
  }
  private _settings: CalicoSettings = DEFAULT_SETTINGS;
  /** Shared by every file of the workspace; changed only through `settings`. */
  private readonly limits: AnalysisLimits = { ...DEFAULT_LIMITS };

  get settings(): CalicoSettings {
    return this._settings;
  }

  /**
   * Severities apply when diagnostics are read; a new `maxDocumentSize` re-analyses the documents
   * it moves across the limit (and only those); a new `edition` re-analyses every Calico document.
   */
  set settings(settings: CalicoSettings) {
    this._settings = settings;
    const max = settings.maxDocumentSize ?? DEFAULT_LIMITS.maxDocumentSize;
    const edition = settings.edition ?? DEFAULT_LIMITS.edition;
    if (max === this.limits.maxDocumentSize && edition === this.limits.edition) return;
    const before: AnalysisLimits = { ...this.limits };
    this.limits.maxDocumentSize = max;
    this.limits.edition = edition;
    for (const [id, f] of this.files) {
      f.limitsChanged(before);
      if (!f.isComplete) this.unanalysed.add(id);
    }
  }

  private create(id: string, text: string): FileAnalysis {
    const index = this.index;
    return new FileAnalysis(
      text,
      {
        attached: (slotId, result) => index.add(id, slotId, result.summaries),
        detached: (slotId, result) => {
          this.outputs.get(id)?.delete(slotId);
          this.published.get(id)?.delete(slotId);
          index.remove(id, slotId, result.summaries);
        },
      },
      this.limits,
    );
  }

  /** Adds or replaces a file's whole text. */
  setFile(id: string, text: string): FileAnalysis {
    let f = this.files.get(id);
    if (f) f.setText(text);
    else {
      if (this.ranks && !this.ranks.has(id)) this.ranks.set(id, this.nextRank++);
      f = this.create(id, text);
      this.files.set(id, f);
    }
    this.unanalysed.add(id);
    return f;
  }

  /** Applies incremental changes to a file that is already known (see FileAnalysis.applyChanges). */
  applyChanges(id: string, changes: readonly TextChange[], resultText?: string): FileAnalysis | undefined {
    const f = this.files.get(id);
    if (!f) return undefined;
    f.applyChanges(changes, resultText);
    this.unanalysed.add(id);
    return f;
  }

  removeFile(id: string): void {
    this.files.get(id)?.dispose();
    this.files.delete(id);
    this.ranks?.delete(id);
    this.unanalysed.delete(id);
    this.prepared.delete(id);
    this.outputs.delete(id);
    this.published.delete(id);
  }

  getFile(id: string): FileAnalysis | undefined {
    return this.files.get(id);
  }

  fileIds(): string[] {
    return [...this.files.keys()];
  }

  /** Analyses everything not analysed yet. */
  analyzeAll(): void {
    for (const id of this.unanalysed) {
      this.files.get(id)?.analyzeAll();
      this.unanalysed.delete(id);
    }
  }

  /**
   * Does the work of `diagnostics(id)` ahead of time, in slices (a walk over the file's documents
   * that fills the caches and collects `publishedSlots`), so a server can stay responsive on files
   * of many thousands of documents. Returns true once everything is prepared for the file's
   * current text, the index's state and the settings.
   */
  prepareDiagnostics(id: string, shouldStop: () => boolean): boolean {
    const f = this.files.get(id);
    if (!f) return true;
    if (!f.isComplete) return false;
    if (!f.hasCalico) return true;
    const fileSuppress = f.fileSuppression();
    const suppressKey = fileSuppress === undefined ? '' : fileSuppress === null ? '\u0000' : `\u0001${fileSuppress.join('\u0000')}`;
    let p = this.prepared.get(id);
    if (!p || p.revision !== f.revision || p.version !== this.index.version || p.settings !== this._settings || p.suppressKey !== suppressKey) {
      p = { revision: f.revision, version: this.index.version, settings: this._settings, suppressKey, next: 0, done: false, slots: [] };
      this.prepared.set(id, p);
    }
    if (p.done) return true;
    const table = this.published.get(id) ?? new Map<number, PublishedEntry>();
    this.published.set(id, table);
    const duplicates = this.duplicatesIn(id);
    const settings = this._settings;
    const out = p.slots;
    p.next = f.forEachAnalysedSlotFrom(p.next, shouldStop, (slot) => {
      const result = slot.result;
      const cross = result.crossDocument || (duplicates !== undefined && duplicates(slot.id)) ? this.crossOutput(id, slot) : undefined;
      if (result.diagnostics.length === 0 && (cross === undefined || cross.length === 0)) {
        table.delete(slot.id);
        return;
      }
      let hit = table.get(slot.id);
      if (!hit || hit.result !== result || hit.cross !== cross || hit.settings !== settings || hit.suppressKey !== suppressKey) {
        hit = { result, cross, settings, suppressKey, diagnostics: publishedOf(result, cross, fileSuppress, settings) };
        table.set(slot.id, hit);
      }
      if (hit.diagnostics.length > 0) out.push({ slotId: slot.id, start: slot.start, diagnostics: hit.diagnostics });
    });
    p.done = p.next >= f.documentCount;
    return p.done;
  }

  /** Which documents of file `id` hold a resource defined more than once (undefined: none). */
  private duplicatesIn(id: string): ((slotId: number) => boolean) | undefined {
    const slots = this.index.slotsWithDuplicates(id);
    return slots ? (slotId) => slots.has(slotId) : undefined;
  }

  /**
   * The diagnostics of one file, including cross-document ones, with settings applied. The file
   * is analysed first if needed, and so are all other files unless `analyzeOthers` is false (the
   * language server analyses those in the background and republishes when they are done), so the
   * result never depends on the order in which files are queried.
   */
  diagnostics(id: string, options: { analyzeOthers?: boolean } = {}): Diagnostic[] {
    if (!this.files.has(id)) return [];
    if (options.analyzeOthers !== false) this.analyzeAll();
    const out: Diagnostic[] = [];
    for (const slot of this.publishedSlots(id)) for (const d of slot.diagnostics) out.push(this.place(d, slot.start, id));
    return out;
  }

  /**
   * The same diagnostics as `diagnostics(id, { analyzeOthers: false })`, document by document and
   * relative to each (see `PublishedSlot`); documents without any are left out. A document's list
   * is the same array until something it shows changes (its analysis, its cross-document output,
   * the settings, the file's suppressions), so a caller can keep what it derives from a list.
   */
  publishedSlots(id: string): readonly PublishedSlot[] {
    const f = this.files.get(id);
    if (!f) return [];
    f.analyzeAll();
    if (!f.hasCalico) return [];
    this.prepareDiagnostics(id, NEVER);
    return this.prepared.get(id)?.slots ?? [];
  }

  /**
   * A diagnostic of a `PublishedSlot` placed in its file: offsets made absolute, related spans
   * naming another document placed in that one (dropped when it is gone).
   */
  place(d: Diagnostic, slotStart: number, id: string): Diagnostic {
    return this.resolveRelated(shifted(d, slotStart), id);
  }

  /**
   * The cross-document rules' diagnostics for one document, sorted, relative to it: the kept
   * output while it still holds (see the module comment), else computed again and kept.
   */
  private crossOutput(id: string, slot: SlotView): Diagnostic[] {
    const contentVersion = this.index.contentVersion;
    let perFile = this.outputs.get(id);
    if (!perFile) this.outputs.set(id, (perFile = new Map()));
    const hit = perFile.get(slot.id);
    if (hit && hit.result === slot.result && hit.contentVersion === contentVersion && this.targetsHold(hit)) return hit.diagnostics;
    const diagnostics: Diagnostic[] = [];
    for (const rule of WORKSPACE_RULES) rule.checkSlot(this.index, id, slot, diagnostics);
    if (diagnostics.length > 1) diagnostics.sort((a, b) => a.start - b.start || a.end - b.end);
    const entry: SlotOutput = { result: slot.result, contentVersion, diagnostics };
    let seen: Set<string> | undefined;
    for (const d of diagnostics) {
      if (!d.related) continue;
      for (const r of d.related) {
        if (!r.at) continue;
        const { fileId, slotId } = r.at;
        const key = `${slotId}\u0000${fileId}`;
        if ((seen ??= new Set()).has(key)) continue;
        seen.add(key);
        (entry.targets ??= []).push({ fileId, slotId, result: this.files.get(fileId)?.resultOf(slotId) });
      }
    }
    perFile.set(slot.id, entry);
    return diagnostics;
  }

  private targetsHold(hit: SlotOutput): boolean {
    if (!hit.targets) return true;
    for (const t of hit.targets) if (this.files.get(t.fileId)?.resultOf(t.slotId) !== t.result) return false;
    return true;
  }

  /**
   * Related spans of a cross-document diagnostic (after `shifted`): those in the diagnostic's own
   * document or in another file (`file`) are already placed; those naming another document (`at`) are placed in that document, which may
   * be in another file (then `file` says which). A span whose document is gone is dropped.
   */
  private resolveRelated(d: Diagnostic, id: string): Diagnostic {
    if (!d.related) return d;
    const related: NonNullable<Diagnostic['related']> = [];
    for (const r of d.related) {
      // Spans without `at` were placed by `shifted` already (same document, or absolute in `file`).
      if (!r.at) {
        related.push(r);
        continue;
      }
      const start = this.files.get(r.at.fileId)?.slotStart(r.at.slotId);
      if (start === undefined) continue;
      const { at, ...rest } = r;
      const placed = { ...rest, start: r.start + start, end: r.end + start };
      if (at.fileId !== id) placed.file = at.fileId;
      related.push(placed);
    }
    const out = { ...d };
    if (related.length > 0) out.related = related;
    else delete out.related;
    return out;
  }
}

/**
 * A document's published list: its own diagnostics and its cross-document ones (both relative to
 * it), without what comment directives silence, merged in order, with settings applied.
 */
function publishedOf(result: SegmentAnalysis, cross: readonly Diagnostic[] | undefined, fileSuppress: string[] | null | undefined, settings: CalicoSettings): Diagnostic[] {
  const own = fileSuppress === undefined ? result.diagnostics : result.diagnostics.filter((d) => !isFileSuppressed(fileSuppress, d.code));
  if (!cross || cross.length === 0) return applySettings(own, settings);
  const sup = result.suppressions;
  const extra: Diagnostic[] = [];
  for (const d of cross) {
    // The same comment directives as for per-document diagnostics.
    if (isFileSuppressed(fileSuppress, d.code) || (sup && isLineSuppressed(sup, d.code, d.start))) continue;
    extra.push(d);
  }
  return applySettings(extra.length === 0 ? own : mergeByPosition(own, extra), settings);
}

/** Merges two lists already in document order (per-document diagnostics, then cross-document ones). */
function mergeByPosition(a: readonly Diagnostic[], b: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && (x.start < y.start || (x.start === y.start && x.end <= y.end)))) {
      out.push(x!);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

function shifted(d: Diagnostic, by: number): Diagnostic {
  if (by === 0) return d;
  const out: Diagnostic = { ...d, start: d.start + by, end: d.end + by };
  // Related spans in the same document move with it; those in another file are absolute already.
  // Spans naming another document (`at`) are placed by `resolveRelated`.
  if (d.related) out.related = d.related.map((r) => (r.file !== undefined || r.at !== undefined ? r : { ...r, start: r.start + by, end: r.end + by }));
  return out;
}
