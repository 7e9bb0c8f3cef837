/**
 * Renders diagnostics the way golden files store them: the CLI's text format (location, severity,
 * code, message and a code frame with a caret underline), so reviewers see ranges in diffs.
 */
import { formatText, type ReportedFile } from '../../server/src/cli/report';
import { mapperFor, toRange } from '../../server/src/common/positions';
import type { Diagnostic } from '../../server/src/core';

export function render(path: string, text: string, diagnostics: readonly Diagnostic[]): string {
  const mapper = mapperFor(text);
  const file: ReportedFile = {
    path,
    text,
    diagnostics: diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: toRange(mapper, d) })),
  };
  return formatText([file], false);
}

/** 1-based `line:col` of an offset, for assertion messages. */
export function where(text: string, offset: number): string {
  const p = mapperFor(text).positionAt(offset);
  return `${p.line + 1}:${p.character + 1}`;
}
