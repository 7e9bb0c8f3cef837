/**
 * The VS Code extension: starts the bundled Calico language server for YAML files and forwards
 * the editor's settings. It knows nothing about Calico itself; everything a user sees comes from
 * the server, so other editors running `calico-language-server` get the same behaviour. The rule
 * pages that diagnostics link to are opened as rendered, read-only previews (`ruleDocs.ts`).
 *
 * Logging: the server's log (`window/logMessage`: its start-up line, warnings) goes to the
 * "Calico Language Server" output channel. `calico.trace.server` (off | messages | verbose) adds
 * the protocol messages to the same channel (see `traceChannel.ts`).
 *
 * One command is the client's own: the server's code lenses run `calico.showReferences` with
 * LSP JSON arguments (`[uri, position, locations]`), which VS Code's `editor.action.showReferences`
 * cannot take as they are; the command converts them and opens the references view.
 */
import * as path from 'node:path';
import { commands, window, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Location, type Position, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, SHOW_REFERENCES_COMMAND } from '../../server/src/common/protocol';
import { registerRuleDocs, ruleDocsBase } from './ruleDocs';
import { traceChannel } from './traceChannel';

let client: LanguageClient | undefined;

/** The LanguageClient id: it is also the section whose `trace.server` setting the client reads. */
const CLIENT_ID = SETTINGS_SECTION;

function createClient(context: ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const outputChannel = window.createOutputChannel('Calico Language Server', { log: true });
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel,
    traceOutputChannel: traceChannel(context, outputChannel),
    synchronize: { configurationSection: SETTINGS_SECTION },
    // The snippets come from the server's completion, not from a contributed snippets file: VS
    // Code offers a contributed snippet at any position, the server only where a resource can start.
    // Rule links the URI handler of ruleDocs.ts opens as a rendered, read-only preview.
    initializationOptions: { clientHasSnippets: false, ruleDocsBase: ruleDocsBase(context) },
  };
  return new LanguageClient(CLIENT_ID, 'Calico Language Server', serverOptions, clientOptions);
}

export async function activate(context: ExtensionContext): Promise<void> {
  client = createClient(context);
  registerRuleDocs(context);
  context.subscriptions.push(
    commands.registerCommand('calico.restartServer', async () => {
      if (client) await client.restart();
    }),
    commands.registerCommand(SHOW_REFERENCES_COMMAND, async (uri: string, position: Position, locations: Location[]) => {
      if (!client || typeof uri !== 'string' || !Array.isArray(locations)) return;
      const c = client.protocol2CodeConverter;
      await commands.executeCommand('editor.action.showReferences', c.asUri(uri), c.asPosition(position), locations.map((l) => c.asLocation(l)));
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
