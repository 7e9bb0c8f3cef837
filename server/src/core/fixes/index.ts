/**
 * Computing fixes for diagnostics, and fixing a whole text (what `calico-lint --fix` and the
 * `source.fixAll.calico` code action do).
 *
 * Fixes are computed on demand, from the diagnostic's code and data, by re-parsing only the YAML
 * document that holds it; edits come back in offsets of the whole file.
 */
import type { Diagnostic, Fix, TextEdit } from '../types';
import { Workspace } from '../workspace/workspace';
import type { CalicoSettings } from '../config';
import type { FileAnalysis, TextChange } from '../analysis/file';
import { parseSegment } from '../analysis/segment';
import { FIX_PROVIDERS } from './registry';
import { editsOverlap, shiftEdits } from './edits';

export { applyEdits } from './edits';

/** The fixes offered for one diagnostic (absolute offsets in the file). */
export function fixesFor(file: FileAnalysis, diagnostic: Diagnostic, all: readonly Diagnostic[] = [diagnostic]): Fix[] {
  const providers = FIX_PROVIDERS.get(diagnostic.code);
  if (!providers) return [];
  const doc = file.documentAt(diagnostic.start);
  const parsed = parseSegment(doc.text);
  const toLocal = (d: Diagnostic): Diagnostic => ({ ...d, start: d.start - doc.start, end: d.end - doc.start });
  const local = toLocal(diagnostic);
  const others = all.filter((d) => d.start >= doc.start && d.end <= doc.end).map(toLocal);
  const root = parsed.roots[0]?.root ?? null;
  const out: Fix[] = [];
  for (const p of providers) {
    try {
      for (const fix of p.fixes({ text: doc.text, root, diagnostic: local, others })) {
        out.push({ ...fix, edits: shiftEdits(fix.edits, doc.start) });
      }
    } catch {
      // A fix that cannot be computed is simply not offered.
    }
  }
  return out;
}

/**
 * Picks fixes to apply together: one per diagnostic (the first offered that matches `accept`),
 * skipping any whose edits overlap an already chosen one.
 */
export function chooseFixes(file: FileAnalysis, diagnostics: readonly Diagnostic[], accept: (fix: Fix) => boolean): Fix[] {
  const chosen: Fix[] = [];
  const seen = new Set<string>();
  for (const d of diagnostics) {
    for (const fix of fixesFor(file, d, diagnostics)) {
      if (!accept(fix)) continue;
      const key = JSON.stringify(fix.edits);
      if (seen.has(key)) break;
      if (chosen.some((c) => editsOverlap(c.edits, fix.edits))) continue;
      chosen.push(fix);
      seen.add(key);
      break;
    }
  }
  return chosen;
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
  for (let pass = 0; pass < (options.maxPasses ?? 10); pass++) {
    const diags = ws.diagnostics(id, { analyzeOthers: options.analyzeOthers !== false });
    const fixes = chooseFixes(ws.getFile(id)!, diags, (f) => f.safe || options.safeOnly === false);
    if (fixes.length === 0) break;
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
