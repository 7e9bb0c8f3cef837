/**
 * Computing fixes for diagnostics, and fixing a whole text (what `calico-lint --fix` and the
 * `source.fixAll.calico` code action do).
 *
 * Fixes are computed on demand, from the diagnostic's code and data, by re-parsing only the YAML
 * document that holds it; edits come back in offsets of the whole file. Every fix is held to the
 * contract of `verify.ts` before it is offered or applied (it parses, keeps every comment, edits
 * no shared anchor text, and, when safe, adds no error): `fixesFor` checks each fix on its own;
 * `chooseFixes` checks the fixes it picks for one document together, with one analysis of that
 * document, and only when that fails does it fall back to adding them one at a time.
 */
import type { Diagnostic, Fix } from '../types';
import { Workspace } from '../workspace/workspace';
import type { CalicoSettings } from '../config';
import type { FileAnalysis, TextChange } from '../analysis/file';
import { parseSegment, type ParsedSegment, type SegmentAnalysis } from '../analysis/segment';
import { FIX_PROVIDERS } from './registry';
import { EditSet, editsOverlap, shiftEdits } from './edits';
import { DocumentBaseline } from './verify';
import type { TextEdit } from '../types';

export { applyEdits } from './edits';

/**
 * How many extra analyses `chooseFixes` may spend on one document whose chosen fixes fail the
 * check together. Beyond it the document's remaining fixes wait for the next pass of `fixAllIn`
 * (or the user): the fallback must not turn a huge document with many fixes quadratic.
 */
const FALLBACK_BUDGET = 32;

/** One document of the file, parsed once per session, with its baseline computed on first use. */
interface Doc {
  start: number;
  end: number;
  text: string;
  parsed: ParsedSegment;
  /** From the file's cached analysis, when present. */
  analysis?: SegmentAnalysis;
  baseline?: DocumentBaseline;
  /** What the providers computed for this document in this session (`FixContext.memo`). */
  memo: Map<string, unknown>;
  /** The diagnostics of the document in its own offsets, for the `all` list they came from. */
  local?: { all: readonly Diagnostic[]; diagnostics: Diagnostic[] };
}

/** A fix in offsets of its document's text, with the diagnostic it is for (also local). */
interface LocalFix {
  doc: Doc;
  fix: Fix;
  target: Diagnostic;
}

/**
 * Parses and baselines of documents, kept for as long as the document's cached analysis lives:
 * that object stands for exactly one text, so the code actions of one unchanged document (one
 * request per diagnostic) share one parse and one baseline. Only `fixesFor` keeps them (a few
 * documents at a time); `chooseFixes` touches every document of a file and keeps nothing, so a
 * huge file does not end up holding a parse tree per document.
 */
const byAnalysis = new WeakMap<SegmentAnalysis, { parsed: ParsedSegment; baseline?: DocumentBaseline }>();

/** Documents parsed and checked while computing fixes for one request. */
class FixSession {
  private readonly docs = new Map<number, Doc>();

  constructor(
    private readonly file: FileAnalysis,
    private readonly remember = false,
  ) {}

  doc(offset: number): Doc {
    const d = this.file.documentAt(offset);
    let doc = this.docs.get(d.start);
    if (!doc || doc.text !== d.text) {
      const cached = this.remember && d.result ? byAnalysis.get(d.result) : undefined;
      doc = { start: d.start, end: d.end, text: d.text, parsed: cached?.parsed ?? parseSegment(d.text), memo: new Map() };
      if (d.result) {
        doc.analysis = d.result;
        if (cached?.baseline) doc.baseline = cached.baseline;
        else if (!cached && this.remember) byAnalysis.set(d.result, { parsed: doc.parsed });
      }
      this.docs.set(d.start, doc);
    }
    return doc;
  }

  baseline(doc: Doc): DocumentBaseline {
    if (doc.baseline) return doc.baseline;
    doc.baseline = new DocumentBaseline(doc.text, doc.analysis, this.file.analysisLimits);
    const cached = this.remember && doc.analysis ? byAnalysis.get(doc.analysis) : undefined;
    if (cached) cached.baseline = doc.baseline;
    return doc.baseline;
  }

  /**
   * The diagnostics of `all` that lie in `doc`. Grouped by document once per `all`, so a file's
   * fix-all costs one pass over its diagnostics, not one per diagnostic.
   */
  private othersIn(doc: Doc, all: readonly Diagnostic[]): Diagnostic[] {
    if (this.grouped?.all !== all) {
      const byStart = new Map<number, Diagnostic[]>();
      for (const d of all) {
        const at = this.file.documentAt(d.start);
        if (d.end > at.end) continue;
        const list = byStart.get(at.start);
        if (list) list.push(d);
        else byStart.set(at.start, [d]);
      }
      this.grouped = { all, byStart };
    }
    return this.grouped.byStart.get(doc.start) ?? [];
  }

  private grouped: { all: readonly Diagnostic[]; byStart: Map<number, Diagnostic[]> } | undefined;

  /** The fixes the providers offer for `diagnostic`, unchecked, in offsets of its document. */
  compute(diagnostic: Diagnostic, all: readonly Diagnostic[]): LocalFix[] {
    const providers = FIX_PROVIDERS.get(diagnostic.code);
    if (!providers) return [];
    const doc = this.doc(diagnostic.start);
    const toLocal = (d: Diagnostic): Diagnostic => ({ ...d, start: d.start - doc.start, end: d.end - doc.start });
    const local = toLocal(diagnostic);
    if (doc.local?.all !== all) doc.local = { all, diagnostics: this.othersIn(doc, all).map(toLocal) };
    const others = doc.local.diagnostics;
    const root = doc.parsed.roots[0]?.root ?? null;
    const out: LocalFix[] = [];
    const baseline = (): DocumentBaseline => this.baseline(doc);
    for (const p of providers) {
      try {
        const ctx = {
          text: doc.text,
          root,
          diagnostic: local,
          others,
          memo: doc.memo,
          // Analysed only for the providers that read it.
          get problems(): readonly Diagnostic[] {
            return baseline().diagnostics;
          },
        };
        for (const fix of p.fixes(ctx)) out.push({ doc, fix, target: local });
      } catch {
        // A fix that cannot be computed is simply not offered.
      }
    }
    return out;
  }

  /** True when the fixes (all of one document) may be applied together. */
  acceptable(doc: Doc, fixes: readonly LocalFix[]): boolean {
    const edits = fixes.flatMap((f) => f.fix.edits);
    return this.baseline(doc).check(edits, fixes.every((f) => f.fix.safe), fixes.map((f) => f.target)) === undefined;
  }
}

function absolute(f: LocalFix): Fix {
  return { ...f.fix, edits: shiftEdits(f.fix.edits, f.doc.start) };
}

/** The fixes offered for one diagnostic (absolute offsets in the file), each checked on its own. */
export function fixesFor(file: FileAnalysis, diagnostic: Diagnostic, all: readonly Diagnostic[] = [diagnostic]): Fix[] {
  const session = new FixSession(file, true);
  return session
    .compute(diagnostic, all)
    .filter((f) => session.acceptable(f.doc, [f]))
    .map(absolute);
}

/**
 * Picks fixes to apply together: one per diagnostic (the first offered that matches `accept`),
 * skipping any whose edits overlap an already chosen one. The picks of each document are then
 * checked together (`verify.ts`); when they fail, that document's fixes are added one at a time,
 * each kept only if the document still passes with it (within `FALLBACK_BUDGET` checks).
 */
export function chooseFixes(file: FileAnalysis, diagnostics: readonly Diagnostic[], accept: (fix: Fix) => boolean): Fix[] {
  return choose(file, diagnostics, accept).map((c) => c.fix);
}

/** `chooseFixes`, with the diagnostic each fix was chosen for. */
function choose(file: FileAnalysis, diagnostics: readonly Diagnostic[], accept: (fix: Fix) => boolean): Array<{ fix: Fix; diagnostic: Diagnostic }> {
  const session = new FixSession(file);
  const source = new Map<LocalFix, Diagnostic>();
  const offered = new Map<Diagnostic, LocalFix[]>();
  // The fixes come back in the order of their diagnostics, as they were picked.
  const order = new Map<LocalFix, number>();
  const byDoc = new Map<Doc, { diagnostics: Diagnostic[]; chosen: LocalFix[]; edits: EditSet }>();
  const seen = new Set<string>();
  diagnostics.forEach((d, i) => {
    const fixes = session.compute(d, diagnostics).filter((f) => accept(f.fix));
    if (fixes.length === 0) return;
    for (const f of fixes) {
      order.set(f, i);
      source.set(f, d);
    }
    offered.set(d, fixes);
    const doc = fixes[0]!.doc;
    let group = byDoc.get(doc);
    if (!group) byDoc.set(doc, (group = { diagnostics: [], chosen: [], edits: new EditSet() }));
    group.diagnostics.push(d);
    pick(group.chosen, group.edits, fixes, seen);
  });
  const out: LocalFix[] = [];
  for (const [doc, group] of byDoc) {
    if (group.chosen.length === 0) continue;
    if (session.acceptable(doc, group.chosen)) {
      for (const f of group.chosen) out.push(f);
      continue;
    }
    // Some fix, or some combination, makes the document worse: build the set again, one fix at a
    // time, keeping each only if the document still passes.
    const kept: LocalFix[] = [];
    const keys = new Set<string>();
    let budget = FALLBACK_BUDGET;
    scan: for (const d of group.diagnostics) {
      for (const f of offered.get(d)!) {
        const key = JSON.stringify(f.fix.edits);
        if (keys.has(key)) continue scan;
        if (kept.some((c) => editsOverlap(c.fix.edits, f.fix.edits))) continue;
        if (budget-- <= 0) break scan;
        if (!session.acceptable(doc, [...kept, f])) continue;
        kept.push(f);
        keys.add(key);
        continue scan;
      }
    }
    out.push(...kept);
  }
  return out.sort((a, b) => order.get(a)! - order.get(b)!).map((f) => ({ fix: absolute(f), diagnostic: source.get(f)! }));
}

/** Adds the first of `fixes` that neither repeats nor overlaps a chosen fix of the same document. */
/** A fix's edits as a key, computed once per fix (a batch fix is offered for each of its diagnostics). */
const editKeys = new WeakMap<Fix, string>();

function editKey(f: LocalFix): string {
  let key = editKeys.get(f.fix);
  if (key === undefined) editKeys.set(f.fix, (key = `${f.doc.start}\u0000${JSON.stringify(f.fix.edits)}`));
  return key;
}

function pick(chosen: LocalFix[], edits: EditSet, fixes: readonly LocalFix[], seen: Set<string>): void {
  // A batch fix first (see `Fix.batch`), then the others in the order they are offered.
  const ordered = fixes.some((f) => f.fix.batch) ? [...fixes.filter((f) => f.fix.batch), ...fixes.filter((f) => !f.fix.batch)] : fixes;
  for (const f of ordered) {
    const key = editKey(f);
    if (seen.has(key)) return;
    if (edits.overlaps(f.fix.edits)) continue;
    chosen.push(f);
    edits.add(f.fix.edits);
    seen.add(key);
    return;
  }
}

export interface FixAllResult {
  text: string;
  /** Titles of the fixes applied, in order. */
  applied: string[];
}

/**
 * Applies safe fixes to file `id` of `ws` repeatedly until none is left (at most `maxPasses`
 * rounds), re-validating in between so later fixes see the effect of earlier ones, and with the
 * rest of the workspace in view (a reply rule in another file counts). Returns the fixed text; the
 * workspace is left holding it unless `restore` is set, in which case the original text is put
 * back.
 *
 * The fixes reach the file as incremental changes and are undone the same way, so on a huge file
 * only the documents they touch are re-split and re-analysed (the language server computes this
 * for a code action); the whole text is built once, for the result.
 */
export function fixAllIn(ws: Workspace, id: string, options: { safeOnly?: boolean; maxPasses?: number; restore?: boolean; analyzeOthers?: boolean } = {}): FixAllResult {
  const file = ws.getFile(id);
  if (!file) return { text: '', applied: [] };
  const applied: string[] = [];
  // The inverse of every change applied, in the order they were applied.
  const undo: TextChange[] = [];
  // Diagnostics a fix was applied for. One that is still there on a later pass is not fixed
  // again: its fix did not do what it promised (the check in `verify.ts` cannot see the
  // cross-document diagnostics), and applying it again would only repeat the same edit.
  const tried = new Set<string>();
  for (let pass = 0; pass < (options.maxPasses ?? 10); pass++) {
    // Fixes never add or remove a document (`verify.ts`), so a document's index names it across
    // passes, where offsets would move.
    const starts = file.documents().map((d) => d.start);
    const identity = (d: Diagnostic): string => `${documentIndex(starts, d.start)}\u0000${d.code}\u0000${d.message}\u0000${JSON.stringify(d.data ?? null)}`;
    const diags = ws.diagnostics(id, { analyzeOthers: options.analyzeOthers !== false }).filter((d) => !tried.has(identity(d)));
    const chosen = choose(ws.getFile(id)!, diags, (f) => f.safe || options.safeOnly === false);
    if (chosen.length === 0) break;
    for (const c of chosen) tried.add(identity(c.diagnostic));
    const fixes = chosen.map((c) => c.fix);
    const changes = asChanges(fixes.flatMap((f) => f.edits));
    // Each change lies before the ones applied ahead of it, so the text it replaces is still the
    // text of the same offsets before the pass.
    for (const c of changes) undo.push({ start: c.start, end: c.start + c.text.length, text: file.slice(c.start, c.end) });
    ws.applyChanges(id, changes);
    for (const f of fixes) applied.push(f.title);
  }
  const text = file.text;
  if (options.restore && undo.length > 0) ws.applyChanges(id, undo.reverse());
  return { text, applied };
}

/** The index of the last document starting at or before `offset` (`starts` ascending). */
function documentIndex(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Non-overlapping edits (offsets in one text) as changes to apply in order, as `applyEdits` applies
 * them: from the end of the text backwards, so each change's offsets stay valid. Throws on overlap,
 * which is a bug in a fix.
 */
function asChanges(edits: readonly TextEdit[]): TextChange[] {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let limit = Infinity;
  for (const e of sorted) {
    if (e.end > limit) throw new Error('overlapping edits');
    limit = e.start;
  }
  return sorted.map((e) => ({ start: e.start, end: e.end, text: e.newText }));
}

/** Fixes one text on its own (no other files in view). */
export function fixAll(text: string, options: { settings?: CalicoSettings; safeOnly?: boolean; maxPasses?: number } = {}): FixAllResult {
  const ws = new Workspace();
  if (options.settings) ws.settings = options.settings;
  ws.setFile('file', text);
  return fixAllIn(ws, 'file', options);
}
