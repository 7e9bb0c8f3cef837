/**
 * Registers the request handlers beyond document sync and diagnostics, and advertises them.
 */
import { CodeActionKind, type ClientCapabilities, type ServerCapabilities } from 'vscode-languageserver/node';
import type { ServerState } from './server';
import { FIX_ALL_KIND, registerCodeActions } from './codeActions';
import { registerHover } from './hover';
import { registerCompletion } from './completion';
import { registerNavigation } from './navigation';

/** Options a client may pass in `initializationOptions` (documented in server/README.md). */
export interface InitializationOptions {
  /** The client contributes snippets/calico.json itself, so completion should not repeat them. */
  clientHasSnippets?: boolean;
}

export function registerFeatures(state: ServerState, capabilities: ServerCapabilities, client: ClientCapabilities, init: unknown): void {
  const options = (init && typeof init === 'object' ? init : {}) as InitializationOptions;
  capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] };
  registerCodeActions(state.connection, state);
  capabilities.hoverProvider = true;
  registerHover(state.connection, state);
  capabilities.completionProvider = { triggerCharacters: [' ', ':'], resolveProvider: false };
  registerCompletion(state.connection, state, {
    snippetSupport: !!client.textDocument?.completion?.completionItem?.snippetSupport,
    clientHasSnippets: options.clientHasSnippets === true,
  });
  registerNavigation(state.connection, state, capabilities, client);
}
