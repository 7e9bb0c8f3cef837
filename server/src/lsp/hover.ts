/**
 * `textDocument/hover`, answered by the core's `getHover` once the document is analysed.
 */
import { MarkupKind, type Connection, type Hover } from 'vscode-languageserver/node';
import { getHover } from '../core';
import { toRange } from '../common/positions';
import type { ServerState } from './server';
import { runSafe } from './runSafe';

export function registerHover(connection: Connection, state: ServerState): void {
  connection.onHover((params, token) =>
    runSafe(connection, 'textDocument/hover', null as Hover | null, token, () => {
      const uri = params.textDocument.uri;
      const doc = state.open.get(uri);
      if (!doc) return null;
      const h = getHover(state.workspace, uri, doc.offsetAt(params.position));
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: toRange(doc, h) };
    }),
  );
}
