/**
 * The analysis core's public API: text in, diagnostics (and later fixes, hover, completion) out.
 * The language server, the CLI and the tests all go through here.
 *
 * Invariant: nothing under `core/` imports an editor or protocol package or does I/O; a test
 * enforces this.
 */
export type { Diagnostic, Fix, Severity, Span, TextEdit, RelatedSpan } from './types';
export { FileAnalysis, type TextChange } from './analysis/file';
export { Workspace, type PublishedSlot } from './workspace/workspace';
export { parseSettings, applySettings, DEFAULT_SETTINGS, type CalicoSettings, type RuleLevel } from './config';
export { RULES, RULES_BY_CODE, ALL_CODES } from './rules/registry';
export { KINDS, ENTERPRISE_KINDS, kindsOf, type KindInfo, type Edition } from './schema/catalog';
export { prepareSchema } from './schema/validate';
export { WORKSPACE_RULES } from './rules/workspace-registry';
export type { RuleMeta } from './rules/types';
export { fixesFor, chooseFixes, fixAll, fixAllIn, applyEdits, type FixAllResult } from './fixes';
export { getHover, type HoverResult } from './features/hover';
export { getCompletions, type CompletionEntry, type CompletionOptions } from './features/completion';
export {
  documentSymbols,
  findDefinition,
  findReferences,
  codeLenses,
  resolveCodeLens,
  workspaceSymbols,
  MAX_LENS_LOCATIONS,
  MAX_WORKSPACE_SYMBOLS,
  type NavLocation,
  type OutlineSymbol,
  type LensAnchor,
  type ResolvedLens,
  type WorkspaceSymbol,
} from './features/navigation';
export { SNIPPETS, expandSnippet, type Snippet } from './features/snippets';

import { Workspace } from './workspace/workspace';
import type { CalicoSettings } from './config';
import type { Diagnostic } from './types';

/** Analyses one text on its own (no other files) and returns its diagnostics. */
export function lintText(text: string, settings?: CalicoSettings): Diagnostic[] {
  const ws = new Workspace();
  if (settings) ws.settings = settings;
  ws.setFile('file', text);
  return ws.diagnostics('file');
}
export { traceFlow, parseProtocol, type TraceRequest, type TraceOutput, type TraceResult, type TracedStep, type TracedVerdict } from './policy/trace';
