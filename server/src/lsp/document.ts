/**
 * An open document as the language server sees it: uri, language, version and a line table, with
 * the text itself held once, by the analysis core.
 *
 * The core keeps a file's text per YAML document and builds the whole text only on request, so an
 * edit of a huge file costs the documents it touches. A document model that kept its own copy (as
 * vscode-languageserver-textdocument does) would copy the whole file on every keystroke, twice
 * over, and leave multi-megabyte garbage behind. Here the line table (`LineIndex`, the one
 * offset/position converter) reads the few characters it needs from the core, and `getText()`
 * asks the core for the joined text, which only rare paths (fix-all) need.
 *
 * Invariant: after every change the line table describes the text the core holds for `uri`. The
 * server applies each change to the core first, then tells the document (`changed`/`replaced`).
 */
import type { Position, Range } from 'vscode-languageserver/node';
import { LineIndex, type PositionMapper, type TextSource } from '../common/positions';

/** The core's text of one file, read through the workspace. */
export interface DocumentText extends TextSource {
  getText(): string;
}

export class OpenDocument implements PositionMapper {
  private readonly lines: LineIndex;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    /** The current text; `source` must already hold it. */
    text: string,
    private readonly source: DocumentText,
  ) {
    this.lines = new LineIndex(text, source);
  }

  get lineCount(): number {
    return this.lines.lineCount;
  }

  /** The whole text (joined by the core on demand: avoid on paths that run on every edit). */
  getText(): string {
    return this.source.getText();
  }

  offsetAt(position: Position): number {
    return this.lines.offsetAt(position);
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  /**
   * The offsets of a change's range in the current text, start first: a range whose end comes
   * before its start is taken the other way round, as vscode-languageserver-textdocument does.
   */
  offsetsOf(range: Range): { start: number; end: number } {
    const a = this.offsetAt(range.start);
    const b = this.offsetAt(range.end);
    return a <= b ? { start: a, end: b } : { start: b, end: a };
  }

  /** `[start, end)` of the previous text was replaced by `text`; the core already holds the result. */
  changed(start: number, end: number, text: string): void {
    this.lines.update(start, end, text);
  }

  /** The whole text was replaced by `text`; the core already holds it. */
  replaced(text: string): void {
    this.lines.reset(text);
  }
}
