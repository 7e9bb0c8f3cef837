/**
 * `textDocument/hover`, answered by the core's `getHover` once the document is analysed.
 */
import { MarkupKind, type Connection, type Hover, type HoverParams } from 'vscode-languageserver/node';
import { getHover } from '../core';
import { toRange } from '../common/positions';
import type { ServerState } from './server';
import { onCheckedRequest } from './runSafe';

export function registerHover(connection: Connection, state: ServerState): void {
  onCheckedRequest<HoverParams, Hover | null>(connection, 'textDocument/hover', {
    check: (c) => c.textDocument().position(),
    empty: null,
    handle: (params) => {
      const uri = params.textDocument.uri;
      const doc = state.open.get(uri);
      if (!doc) return null;
      const h = getHover(state.workspace, uri, doc.offsetAt(params.position));
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: toRange(doc, h) };
    },
  });
}
