/**
 * Entry point of the `calico-language-server` executable. Speaks LSP over stdio (`--stdio`), node
 * IPC (`--node-ipc`), a socket (`--socket=PORT`) or a named pipe (`--pipe=NAME`), with the usual
 * vscode-languageserver command-line flags.
 *
 * The transport is set up here rather than by vscode-languageserver's own flag handling so that
 * every message passes the lifecycle gate (`lifecycle.ts`), and so that a broken stream ends the
 * process: after a framing error (a header without a valid Content-Length, a body that is not
 * JSON) the reader can no longer find where the next message starts, and a server that stayed
 * alive but deaf would leave the client waiting forever. It exits with status 1 instead, after a
 * line on stderr, so the client sees it go and restarts it.
 */
import { format } from 'node:util';
import {
  createConnection,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from './server';
import { LifecycleGate } from './lifecycle';
import { jsonEncoder } from './rawJson';
import { VERSION } from '../common/version';
import { tuneEngine } from '../common/engine-tuning';

tuneEngine();

const USAGE = 'usage: calico-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\nA language server for Calico network policy YAML.\n';

/** The value of `--name=value` or `--name value`. */
function flagValue(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i]!.startsWith(`${name}=`)) return args[i]!.slice(name.length + 1);
  }
  return undefined;
}

function transport(args: readonly string[]): { reader: MessageReader; writer: MessageWriter; stdio: boolean } | undefined {
  // Over stdio the writer sends kept JSON as it is (`rawJson.ts`); the other transports serialise.
  if (args.includes('--stdio')) return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: jsonEncoder }), stdio: true };
  if (args.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
  const port = Number(flagValue(args, '--socket'));
  if (Number.isInteger(port) && port > 0) {
    const [reader, writer] = createServerSocketTransport(port);
    return { reader, writer, stdio: false };
  }
  const pipe = flagValue(args, '--pipe');
  if (pipe) {
    const [reader, writer] = createServerPipeTransport(pipe);
    return { reader, writer, stdio: false };
  }
  return undefined;
}

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`calico-language-server ${VERSION}\n`);
  process.exit(0);
}
const channel = args.includes('--help') || args.includes('-h') ? undefined : transport(args);
if (!channel) {
  process.stderr.write(USAGE);
  process.exit(args.includes('--help') || args.includes('-h') ? 0 : 2);
}

const stderr = (message: string): void => {
  process.stderr.write(`calico-language-server: ${message}\n`);
};
const gate = new LifecycleGate(channel.reader, channel.writer, stderr);
const fatal = (what: string, e: unknown): void => {
  // One line: the message's lines, trimmed and joined (no regex on text that may come from the client).
  const reason = (e instanceof Error ? e.message : String(e))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
  stderr(`${what}: ${reason}; exiting so that the client can restart the server`);
  process.exit(1);
};
channel.reader.onError((e) => fatal('unreadable message from the client', e));
channel.writer.onError(([e]) => fatal('cannot write to the client', e));
// The client went away: exit as `exit` would (0 only after `shutdown`).
const closed = (): void => process.exit(gate.state === 'shutdown' ? 0 : 1);
channel.reader.onClose(closed);
if (channel.stdio) {
  process.stdin.on('end', closed);
  // stdout carries the protocol: anything a dependency prints goes to stderr instead.
  console.log = console.info = console.debug = (...parts: unknown[]) => stderr(format(...parts));
}

const connection = createConnection(ProposedFeatures.all, gate, channel.writer);
startServer(connection, { rawJson: channel.stdio });
connection.listen();
