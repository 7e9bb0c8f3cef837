/**
 * The fix engine's own guarantee that a fix never makes a document worse. Before a fix is offered
 * (and before `fixAllIn` applies a set of fixes), its edits are applied to the text of the one
 * document they touch and that document is analysed again. The fix is dropped unless:
 *
 * - every edit lies inside the document, and the edited text is still one document;
 * - no edit touches text that several places share: a node that an alias (`*x`) points to,
 *   including a mapping merged with `<<: *x`. Editing the anchored text would change every use of
 *   it, the ones the diagnostic is not about included;
 * - the result parses as well as before: no `yaml-syntax` or `duplicate-key` problem that was not
 *   there (compared as a multiset of code and message, since positions move);
 * - every comment of the old text is still in the new text (a multiset of comment texts, found by
 *   the YAML lexer, so a `#` in a quoted string or block scalar is not a comment);
 * - the diagnostic it is for goes away, when it is one of the document's own (a fix that changes
 *   nothing it is meant to, like one that edits another resource, is no fix; and `fixAllIn` would
 *   apply it again on every pass);
 * - for a safe fix, no new error: the errors of the result (code and message, as a multiset) are
 *   among the errors of the original. Errors are judged at the rules' default severities: the
 *   analysis is cached before settings apply, and a rule raised to `error` in the settings is not
 *   what "makes Calico reject the file" means. `internal-error` counts as an error here.
 *
 * A safe fix that fails the last test is dropped rather than demoted to unsafe: we know it makes
 * the file worse, and an unsafe fix is a choice between meanings, not a known regression. Unsafe
 * fixes (removing one of two conflicting flags, renaming a field) must pass every other test, but
 * may reveal errors the choice implies (dropping `doNotTrack` from a policy that is also pre-DNAT
 * makes its egress rules errors).
 *
 * Cross-document effects need no check: the workspace rules (`rules/workspace-registry.ts`) only
 * report warnings and information, and an edit that adds no error in its document cannot make a
 * policy rejected that was not, so other documents get no new error from it.
 *
 * Cost: one analysis of the edited document per check (linear in its size), plus one lexer pass
 * for comments; the baseline (errors, comments, shared spans) is computed once per document.
 */
import type { Diagnostic, TextEdit } from '../types';
import { isAlias, isCollection, isScalar, parseAllDocuments, visit, type Document, type ParsedNode } from 'yaml';
import { analyzeSegment, DEFAULT_LIMITS, type AnalysisLimits, type SegmentAnalysis } from '../analysis/segment';
import { splitSegments } from '../yaml/segments';
import { commentCounts } from './comments';

/** Why a fix was refused (for tests and debugging). */
export type Rejection = 'outside-document' | 'overlap' | 'split' | 'shared' | 'syntax' | 'comment' | 'error' | 'unfixed';

/** A stretch of text several places share; `inclusive` when an insertion at either end may join it. */
interface SharedSpan {
  start: number;
  end: number;
  inclusive: boolean;
  /**
   * For a block collection: its column. Lines inserted right after it join it only when they are
   * indented at least this far (a new `- item` of the enclosing list, to its left, does not).
   */
  column?: number;
}

/** What the original document looks like, computed once and compared with each edited version. */
export class DocumentBaseline {
  readonly diagnostics: readonly Diagnostic[];
  private readonly all: Map<string, number>;
  private readonly errors: Map<string, number>;
  private readonly syntax: Map<string, number>;
  private _comments: Map<string, number> | undefined;
  private readonly shared: SharedSpan[];
  /** The largest `end` among `shared[0..i]`, for a quick "no overlap" answer. */
  private readonly sharedMaxEnd: number[];
  private readonly segments: number;

  /** `limits`: the file's, so the edited document is analysed as the file's documents are. */
  constructor(
    readonly text: string,
    analysis?: SegmentAnalysis,
    private readonly limits: AnalysisLimits = DEFAULT_LIMITS,
  ) {
    analysis ??= analyzeSegment(text, limits);
    this.diagnostics = analysis.diagnostics;
    this.all = counts(analysis.diagnostics);
    this.errors = counts(analysis.diagnostics.filter(isError));
    this.syntax = counts(analysis.diagnostics.filter(isSyntax));
    this.shared = sharedSpans(text).sort((a, b) => a.start - b.start || a.end - b.end);
    let max = -1;
    this.sharedMaxEnd = this.shared.map((s) => (max = Math.max(max, s.end)));
    this.segments = splitSegments(text).length;
  }

  private get comments(): Map<string, number> {
    return (this._comments ??= commentCounts(this.text));
  }

  /** Whether an edit touches text that an alias or a merge shares. */
  touchesShared(e: TextEdit): boolean {
    // The last span starting at or before the edit's end (binary search), then the spans before it.
    let lo = 0;
    let hi = this.shared.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.shared[mid]!.start <= e.end) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0 || this.sharedMaxEnd[k]! < e.start) return false;
    for (let i = k; i >= 0; i--) {
      if (this.sharedMaxEnd[i]! < e.start) break;
      const s = this.shared[i]!;
      if (s.inclusive && e.start === e.end && e.start === s.end && s.column !== undefined && indentOf(e.newText) < s.column) continue;
      if (s.inclusive ? e.start <= s.end && e.end >= s.start : e.start === e.end ? s.start < e.start && e.start < s.end : e.start < s.end && e.end > s.start) return true;
    }
    return false;
  }

  /**
   * Checks edits (offsets in this document's text) as one change. `strict`: the change must add no
   * error (for safe fixes). `targets`: the diagnostics the change is meant to fix, one per fix;
   * those that this document's analysis reports must become fewer by as many (the cross-document
   * ones, such as `untracked-asymmetric`, are not re-checked here). Returns undefined when the
   * change is acceptable.
   */
  check(edits: readonly TextEdit[], strict: boolean, targets: readonly Diagnostic[] = []): Rejection | undefined {
    for (const e of edits) {
      if (!(e.start >= 0 && e.start <= e.end && e.end <= this.text.length)) return 'outside-document';
    }
    const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (b.start < a.end || (b.start === a.start && (a.start === a.end || b.start === b.end))) return 'overlap';
    }
    for (const e of sorted) if (this.touchesShared(e)) return 'shared';
    let out = '';
    let at = 0;
    for (const e of sorted) {
      out += this.text.slice(at, e.start) + e.newText;
      at = e.end;
    }
    out += this.text.slice(at);
    if (splitSegments(out).length !== this.segments) return 'split';
    const after = analyzeSegment(out, this.limits).diagnostics;
    if (!within(counts(after.filter(isSyntax)), this.syntax)) return 'syntax';
    if (!within(this.comments, commentCounts(out))) return 'comment';
    if (strict && !within(counts(after.filter(isError)), this.errors)) return 'error';
    if (targets.length > 0) {
      const wanted = counts(targets);
      const now = counts(after);
      for (const [k, n] of wanted) {
        const before = this.all.get(k);
        if (before !== undefined && (now.get(k) ?? 0) > before - n) return 'unfixed';
      }
    }
    return undefined;
  }
}

function isError(d: Diagnostic): boolean {
  return d.severity === 'error' || d.code === 'internal-error';
}

function isSyntax(d: Diagnostic): boolean {
  return d.code === 'yaml-syntax' || d.code === 'duplicate-key';
}

function counts(list: readonly Diagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of list) {
    const key = `${d.code}\u0000${d.message}`;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}

/** True when every key occurs in `outer` at least as often as in `inner`. */
function within(inner: ReadonlyMap<string, number>, outer: ReadonlyMap<string, number>): boolean {
  for (const [k, n] of inner) if ((outer.get(k) ?? 0) < n) return false;
  return true;
}

/**
 * The spans of the nodes that aliases point to (`<<: *base` included), from the `yaml` package's
 * own document (our tree resolves aliases and keeps no link from an alias to its anchor). One walk
 * in document order keeps the latest node of each anchor name, which is the one an alias after it
 * means (`Alias.resolve` would walk the document once per alias). A block collection or block
 * scalar extends over its whole lines: a line inserted right before or after it would join it.
 * Only a document with a `*` can have an alias, so the others cost nothing here.
 */
function sharedSpans(text: string): SharedSpan[] {
  if (!text.includes('*')) return [];
  const out: SharedSpan[] = [];
  const seen = new Set<string>();
  let docs;
  try {
    // `uniqueKeys: false`: the composer's duplicate check costs the square of a mapping's size.
    docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false });
  } catch {
    return [];
  }
  try {
    collectShared(text, docs as Document.Parsed[], out, seen);
  } catch {
    // `visit` recurses; a document too deep for it has its own syntax errors and gets no fixes
    // from here: call every span shared, so no edit passes.
    return [{ start: 0, end: text.length, inclusive: true }];
  }
  return out;
}

function collectShared(text: string, docs: readonly Document.Parsed[], out: SharedSpan[], seen: Set<string>): void {
  for (const doc of docs) {
    const anchors = new Map<string, ParsedNode>();
    visit(doc, {
      Node(_, node) {
        if (!isAlias(node)) {
          if (node.anchor) anchors.set(node.anchor, node as ParsedNode);
          return;
        }
        const target = anchors.get(node.source);
        const range = target?.range;
        if (!target || !range) return;
        const key = `${range[0]}:${range[1]}`;
        if (seen.has(key)) return;
        seen.add(key);
        const delimited = isScalar(target) ? target.type !== 'BLOCK_LITERAL' && target.type !== 'BLOCK_FOLDED' : isCollection(target) && target.flow;
        if (delimited) out.push({ start: range[0], end: range[1], inclusive: false });
        else {
          const span: SharedSpan = { start: lineStart(text, range[0]), end: lineEnd(text, range[0], range[1]), inclusive: true };
          if (isCollection(target)) span.column = range[0] - text.lastIndexOf('\n', range[0] - 1) - 1;
          out.push(span);
        }
      },
    });
  }
}

/** The indentation of the first line of inserted text that holds anything (after leading breaks). */
function indentOf(inserted: string): number {
  let i = 0;
  while (inserted[i] === '\r' || inserted[i] === '\n') i++;
  const from = i;
  while (inserted[i] === ' ') i++;
  return i - from;
}

/** The start of the line of `offset` when only indentation precedes it there, else `offset`. */
function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' ? i : offset;
}

/** The end of the last line of `[start, end)` (after its line break). */
function lineEnd(text: string, start: number, end: number): number {
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  const nl = text.indexOf('\n', end);
  return nl === -1 ? text.length : nl + 1;
}
