/**
 * The VS Code extension: starts the bundled Calico language server for YAML files and forwards
 * the editor's settings. It knows nothing about Calico itself; everything a user sees comes from
 * the server, so other editors running `calico-language-server` get the same behaviour. The rule
 * pages that diagnostics link to are opened as rendered, read-only previews (`ruleDocs.ts`).
 *
 * Logging: the server's log (`window/logMessage`: its start-up line, warnings) goes to the
 * "Calico Language Server" output channel. `calico.trace.server` (off | messages | verbose) adds
 * the protocol messages to the same channel. vscode-languageclient 11 only traces when the trace
 * channel's log level is Trace, and then ignores `off`; the channel handed to it here reports the
 * level the setting asks for and writes trace lines at the info level, so the setting alone
 * decides, and a change applies at once.
 */
import * as path from 'node:path';
import { EventEmitter, LogLevel, commands, window, workspace, type ExtensionContext, type LogOutputChannel, type ViewColumn } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SETTINGS_SECTION } from '../../server/src/common/protocol';
import { registerRuleDocs, ruleDocsBase } from './ruleDocs';

let client: LanguageClient | undefined;

/** The LanguageClient id: it is also the section whose `trace.server` setting the client reads. */
const CLIENT_ID = SETTINGS_SECTION;
const TRACE_SETTING = `${SETTINGS_SECTION}.trace.server`;

function traceLevel(): LogLevel {
  const value = workspace.getConfiguration(SETTINGS_SECTION).get<string>('trace.server', 'off');
  return value === 'messages' || value === 'verbose' ? LogLevel.Trace : LogLevel.Info;
}

/** A view of `log` whose log level follows `calico.trace.server` and whose trace lines are shown. */
function traceChannel(context: ExtensionContext, log: LogOutputChannel): LogOutputChannel {
  const changed = new EventEmitter<LogLevel>();
  let level = traceLevel();
  context.subscriptions.push(
    changed,
    workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(TRACE_SETTING)) return;
      level = traceLevel();
      changed.fire(level);
    }),
  );
  return {
    get name() {
      return log.name;
    },
    get logLevel() {
      return level;
    },
    onDidChangeLogLevel: changed.event,
    trace: (message: string, ...args: unknown[]) => log.info(message, ...args),
    debug: (message: string, ...args: unknown[]) => log.debug(message, ...args),
    info: (message: string, ...args: unknown[]) => log.info(message, ...args),
    warn: (message: string, ...args: unknown[]) => log.warn(message, ...args),
    error: (message: string | Error, ...args: unknown[]) => log.error(message, ...args),
    append: (value: string) => log.append(value),
    appendLine: (value: string) => log.appendLine(value),
    replace: (value: string) => log.replace(value),
    clear: () => log.clear(),
    show: (columnOrPreserveFocus?: ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined ? log.show(columnOrPreserveFocus) : log.show(columnOrPreserveFocus, preserveFocus),
    hide: () => log.hide(),
    // The channel itself belongs to the extension's subscriptions.
    dispose: () => undefined,
  };
}

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
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
