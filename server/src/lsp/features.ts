/**
 * Registers the request handlers beyond document sync and diagnostics, and advertises them.
 */
import { CodeActionKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { FIX_ALL_KIND, registerCodeActions } from './codeActions';

export function registerFeatures(state: ServerState, capabilities: ServerCapabilities, _client: ClientCapabilities): void {
  capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] };
  registerCodeActions(state.connection, state);
}
