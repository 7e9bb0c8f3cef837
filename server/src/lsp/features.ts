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
  /**
   * The base of the rule links (`codeDescription.href` is the base, the code and `.md`), for a
   * client that opens them itself: the VS Code extension sends `vscode://<extension id>/rules/` and
   * shows the page rendered. Without it, links are `file:` URLs of the pages next to the server.
   */
  ruleDocsBase?: string;
}

/** Longest `ruleDocsBase` accepted (a base is a short URL; anything longer is a mistake). */
const MAX_BASE_LENGTH = 2048;

/** `initializationOptions.ruleDocsBase` when it is an absolute URL, or why it was ignored. */
export function ruleDocsBaseOption(init: unknown): { value?: string; warning?: string } {
  if (!init || typeof init !== 'object' || !('ruleDocsBase' in init)) return {};
  const v = (init as { ruleDocsBase?: unknown }).ruleDocsBase;
  if (v === undefined || v === null) return {};
  // A scheme (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`) and a colon; the pattern is
  // a linear one, run on at most MAX_BASE_LENGTH characters.
  const colon = typeof v === 'string' && v.length <= MAX_BASE_LENGTH ? v.indexOf(':') : -1;
  const scheme = colon > 0 ? (v as string).slice(0, colon) : '';
  const ok = scheme.length > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(scheme);
  return ok ? { value: v as string } : { warning: `initializationOptions.ruleDocsBase is not an absolute URL; rule links keep their default.` };
}

export function registerFeatures(state: ServerState, capabilities: ServerCapabilities, client: ClientCapabilities, init: unknown): void {
  const options = (init && typeof init === 'object' ? init : {}) as InitializationOptions;
  capabilities.codeActionProvider = { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] };
  registerCodeActions(state.connection, state);
  capabilities.hoverProvider = true;
  registerHover(state.connection, state);
  capabilities.completionProvider = { triggerCharacters: [' ', ':', '[', ','], resolveProvider: false };
  registerCompletion(state.connection, state, {
    snippetSupport: !!client.textDocument?.completion?.completionItem?.snippetSupport,
    clientHasSnippets: options.clientHasSnippets === true,
  });
  registerNavigation(state.connection, state, capabilities, client);
}
