/**
 * `textDocument/codeAction`: quick fixes for our diagnostics, found by each diagnostic's `code` and
 * `data` (never its message), and `source.fixAll.calico`, which applies every safe fix at once.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Connection, type TextEdit as LspTextEdit } from 'vscode-languageserver/node';
import { chooseFixes, fixAllIn, fixesFor, type Diagnostic, type TextEdit } from '../core';
import { fromLspSeverity, toRange } from '../common/positions';
import type { ServerState } from './server';
import { onCheckedRequest } from './runSafe';

export const FIX_ALL_KIND = 'source.fixAll.calico';

/** Characters above which fix-all is only computed when requested explicitly. */
const LIGHTBULB_FIX_ALL_LIMIT = 512 * 1024;

function toLspEdits(state: ServerState, uri: string, edits: readonly TextEdit[]): LspTextEdit[] {
  const doc = state.open.get(uri)!;
  return edits.map((e) => ({ range: toRange(doc, e), newText: e.newText }));
}

/** The smallest single edit that turns `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}

function wants(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function registerCodeActions(connection: Connection, state: ServerState): void {
  onCheckedRequest<CodeActionParams, CodeAction[]>(connection, 'textDocument/codeAction', {
    check: (c) => c.textDocument().range().codeActionContext(),
    empty: [],
    handle: async (params) => {
      const uri = params.textDocument.uri;
      if (!state.open.has(uri) || !state.workspace.getFile(uri)) return [];
      await state.scheduler.whenAnalyzed(uri);
      // Read after the wait: the document may have been edited, or closed, meanwhile.
      const doc = state.open.get(uri);
      const file = state.workspace.getFile(uri);
      if (!doc || !file) return [];
      const only = params.context.only ?? undefined;
      const actions: CodeAction[] = [];
      if (wants(only, CodeActionKind.QuickFix)) {
        const current = state.workspace.diagnostics(uri, { analyzeOthers: false });
        for (const d of params.context.diagnostics) {
          if (d.source !== 'calico' || typeof d.code !== 'string') continue;
          const core: Diagnostic = {
            code: d.code,
            severity: fromLspSeverity(d.severity),
            message: typeof d.message === 'string' ? d.message : d.message.value,
            start: doc.offsetAt(d.range.start),
            end: doc.offsetAt(d.range.end),
            data: d.data,
          };
          for (const fix of fixesFor(file, core, current)) {
            actions.push({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              isPreferred: fix.safe,
              edit: { changes: { [uri]: toLspEdits(state, uri, fix.edits) } },
            });
          }
        }
      }
      // Fix-all is computed when asked for explicitly (on save, or from the source action menu),
      // and offered next to the quick fixes only for files of ordinary size: on a file of many
      // thousands of documents it takes long enough to slow down every lightbulb request.
      const explicitFixAll = !!only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`));
      const offerFixAll = explicitFixAll || (!only?.length && params.context.diagnostics.length > 0 && file.length <= LIGHTBULB_FIX_ALL_LIMIT);
      if (offerFixAll) {
        const safe = chooseFixes(file, state.workspace.diagnostics(uri, { analyzeOthers: false }), (f) => f.safe);
        if (safe.length > 0) {
          const text = doc.getText();
          // Fixed against the live workspace (reply rules in other files count), then put back.
          const fixed = fixAllIn(state.workspace, uri, { restore: true, analyzeOthers: false }).text;
          if (fixed !== text) {
            actions.push({
              title: 'Fix all safe Calico problems',
              kind: FIX_ALL_KIND,
              edit: { changes: { [uri]: toLspEdits(state, uri, [minimalEdit(text, fixed)]) } },
            });
          }
        }
      }
      return actions;
    },
  });
}
