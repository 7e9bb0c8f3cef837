/**
 * The VS Code extension: starts the bundled Calico language server for YAML files and forwards
 * the editor's settings. It knows nothing about Calico itself; everything a user sees comes from
 * the server, so other editors running `calico-language-server` get the same behaviour.
 *
 * One command is the client's own: the server's code lenses run `calico.showReferences` with
 * LSP JSON arguments (`[uri, position, locations]`), which VS Code's `editor.action.showReferences`
 * cannot take as they are; the command converts them and opens the references view.
 */
import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type Location, type Position, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, SHOW_REFERENCES_COMMAND } from '../../server/src/common/protocol';

let client: LanguageClient | undefined;

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
    synchronize: { configurationSection: SETTINGS_SECTION },
    // The extension contributes snippets/calico.json itself; the server need not offer them again.
    initializationOptions: { clientHasSnippets: true },
  };
  return new LanguageClient('calico', 'Calico Language Server', serverOptions, clientOptions);
}

export async function activate(context: ExtensionContext): Promise<void> {
  client = createClient(context);
  context.subscriptions.push(
    commands.registerCommand('calico.restartServer', async () => {
      if (client) await client.restart();
    }),
    commands.registerCommand(SHOW_REFERENCES_COMMAND, async (uri: string, position: Position, locations: Location[]) => {
      if (!client || typeof uri !== 'string' || !Array.isArray(locations)) return;
      const c = client.protocol2CodeConverter;
      await commands.executeCommand('editor.action.showReferences', c.asUri(uri), c.asPosition(position), locations.map((l) => c.asLocation(l)));
    }),
    workspace.onDidChangeConfiguration(async (e) => {
      // The trace level is read when the client starts; restart so a change takes effect at once.
      if (e.affectsConfiguration(`${SETTINGS_SECTION}.trace.server`) && client) await client.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
