/**
 * The analysis core's public data types.
 *
 * Invariants:
 * - Every location is a UTF-16 offset into the text that was analysed (JavaScript strings and the
 *   `yaml` package count UTF-16 code units, as LSP does by default). Offsets become line/character
 *   positions only at the edge (`server/src/common/positions.ts`), never in the core.
 * - Nothing here refers to an editor or protocol type: the LSP adapter and the CLI convert these
 *   values themselves, so the core can be driven from tests on plain strings.
 */

/** How sure we are that something is wrong. `error` means Calico itself refuses the resource. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A half-open span `[start, end)` of UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Replace the text in `[start, end)` with `newText`. Offsets are into the analysed text. */
export interface TextEdit extends Span {
  newText: string;
}

/**
 * A fix for one diagnostic. `safe` fixes only add what the resource already implies and may be
 * applied without review (`calico-lint --fix`, fix-all on save); unsafe ones need a human choice.
 */
export interface Fix {
  /** Stable identifier of the kind of fix, e.g. `set-apply-on-forward`. */
  id: string;
  title: string;
  safe: boolean;
  edits: TextEdit[];
  /**
   * The fix also settles the other diagnostics of its kind nearby (every missing reply rule of a
   * policy, say). Fix-all prefers such a fix: applied once, it does what the one-diagnostic fixes,
   * which all edit the same place, could only do one per pass.
   */
  batch?: boolean;
}

/** Extra locations that explain a diagnostic (for example the rule a mirror would answer). */
export interface RelatedSpan extends Span {
  message: string;
  /**
   * The file the span is in, when it is not the diagnostic's own file (a duplicate defined in
   * another file, say); its offsets are then absolute offsets into that file's text.
   */
  file?: string;
  /**
   * The span is in another document: relative to document `slotId` of file `fileId` while
   * cross-document checks produce it; the workspace resolves it into `file` (absolute offsets)
   * when that file differs from the diagnostic's, or into the diagnostic's own file.
   */
  at?: { fileId: string; slotId: number };
}

/** One finding of the analysis. */
export interface Diagnostic extends Span {
  /** Stable rule code, e.g. `unknown-field`; never changes once published. */
  code: string;
  severity: Severity;
  message: string;
  /** A typed payload for fixes and tools; its shape is documented per rule. */
  data?: unknown;
  fixes?: Fix[];
  related?: RelatedSpan[];
  /** `unnecessary` renders faded; `deprecated` struck through. */
  tags?: Array<'unnecessary' | 'deprecated'>;
}
