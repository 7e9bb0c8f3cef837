/**
 * `textDocument/completion`: snippets, field names and values from the core. Snippets are left out
 * when the client says it already provides them (the VS Code extension contributes the same file).
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionParams, type Connection } from 'vscode-languageserver/node';
import { expandSnippet, getCompletions } from '../core';
import { toRange } from '../common/positions';
import type { ServerState } from './server';
import { onCheckedRequest } from './runSafe';

export interface CompletionConfig {
  /** The client renders snippet syntax. */
  snippetSupport: boolean;
  /** The client already contributes our snippets itself. */
  clientHasSnippets: boolean;
}

const KIND = { snippet: CompletionItemKind.Snippet, property: CompletionItemKind.Property, value: CompletionItemKind.Value } as const;

export function registerCompletion(connection: Connection, state: ServerState, config: CompletionConfig): void {
  onCheckedRequest<CompletionParams, CompletionItem[]>(connection, 'textDocument/completion', {
    check: (c) => c.textDocument().position().optional('context', 'object'),
    empty: [],
    handle: (params) => {
      const uri = params.textDocument.uri;
      const doc = state.open.get(uri);
      if (!doc) return [];
      const offset = doc.offsetAt(params.position);
      const entries = getCompletions(state.workspace, uri, offset, { snippets: !config.clientHasSnippets });
      return entries.map((e, i): CompletionItem => {
        const snippet = e.snippet && config.snippetSupport;
        const newText = e.snippet && !config.snippetSupport ? expandSnippet(e.insertText) : e.insertText;
        const item: CompletionItem = {
          label: e.label,
          kind: KIND[e.kind],
          sortText: `${e.kind === 'snippet' ? 0 : 1}${String(i).padStart(4, '0')}`,
          textEdit: { range: toRange(doc, e), newText },
          insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        };
        if (e.detail) item.detail = e.detail;
        // Snippet descriptions are plain text; value documentation is Markdown (it quotes field names).
        if (e.documentation) item.documentation = e.kind === 'snippet' ? e.documentation : { kind: MarkupKind.Markdown, value: e.documentation };
        return item;
      });
    },
  });
}
