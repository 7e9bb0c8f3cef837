/**
 * Entry point of the `calico-language-server` executable. Speaks LSP over stdio (`--stdio`), node
 * IPC or a socket, as selected by the usual vscode-languageserver command-line flags.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { VERSION } from '../common/version';

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`calico-language-server ${VERSION}\n`);
  process.exit(0);
}
if (args.includes('--help') || args.includes('-h') || !args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
  process.stderr.write('usage: calico-language-server --stdio | --node-ipc | --socket=PORT\nA language server for Calico network policy YAML.\n');
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
