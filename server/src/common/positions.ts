/**
 * The one place where core offsets become line/character positions, for the language server and
 * the CLI alike.
 *
 * Core offsets are UTF-16 code-unit offsets, which is also what LSP positions count by default, so
 * the conversion is a line lookup. `TextDocument` from vscode-languageserver-textdocument keeps the
 * line table (and updates it incrementally on edits); CRLF counts as one line break, a lone CR
 * too, and a position never points between the CR and LF of a CRLF.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic as LspDiagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver';
import type { Diagnostic, Severity, Span } from '../core';

export interface PositionMapper {
  positionAt(offset: number): { line: number; character: number };
  offsetAt(position: { line: number; character: number }): number;
}

/** A line table for a text that is not open in an editor (CLI, background files). */
export function mapperFor(text: string): PositionMapper {
  return TextDocument.create('file:///unused', 'yaml', 0, text);
}

export function toRange(doc: PositionMapper, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };

export function toLspSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

export function fromLspSeverity(s: number | undefined): Severity {
  return s === 1 ? 'error' : s === 2 ? 'warning' : s === 3 ? 'information' : 'hint';
}

/** Converts a core diagnostic; `docsUrl` gives the rule's documentation link. */
export function toLspDiagnostic(doc: PositionMapper, d: Diagnostic, uri: string, docsUrl: (code: string) => string | undefined): LspDiagnostic {
  const out: LspDiagnostic = {
    range: toRange(doc, d),
    severity: toLspSeverity(d.severity),
    code: d.code,
    source: 'calico',
    message: d.message,
  };
  const href = docsUrl(d.code);
  if (href) out.codeDescription = { href };
  if (d.data !== undefined) out.data = d.data;
  if (d.related && d.related.length > 0) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri, range: toRange(doc, r) }, message: r.message }));
  }
  if (d.tags && d.tags.length > 0) out.tags = d.tags.map((t) => (t === 'unnecessary' ? 1 : 2));
  return out;
}
