/**
 * The LSP lifecycle, enforced in front of the connection: a message reader that passes on only
 * what the protocol allows in the server's current state, and answers the rest itself.
 *
 * - Before `initialize`: requests get ServerNotInitialized (-32002), notifications are dropped,
 *   `exit` passes (a server may be told to exit before it was initialized).
 * - `initialize` whose params are not an object with a `capabilities` object gets InvalidParams,
 *   and the server stays uninitialized; a second `initialize` gets InvalidRequest.
 * - After `shutdown`: every request gets InvalidRequest, notifications other than `exit` are
 *   dropped. `exit` then ends the process with 0 (vscode-languageserver does that part; without
 *   `shutdown` it exits with 1).
 * - Notifications that vscode-jsonrpc and vscode-languageserver handle themselves (`$/cancelRequest`,
 *   `$/setTrace`, `$/progress`, `window/workDoneProgress/cancel`, the `event` wrapper of
 *   `workspace/didChangeWorkspaceFolders`) are dropped here when their params are malformed, since
 *   those handlers would throw on them; our own handlers check their params themselves.
 *
 * vscode-languageserver does none of the gating itself (it answers requests before `initialize`
 * and after `shutdown` like any other), hence this module. Invariant: every request that reaches
 * this reader gets exactly one answer, from here or from the connection.
 */
import {
  AbstractMessageReader,
  ErrorCodes,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
  type NotificationMessage,
  type RequestMessage,
} from 'vscode-languageserver/node';

/** Notifications whose library handlers look up `params.token`. */
const TOKEN_NOTIFICATIONS = new Set(['$/progress', 'window/workDoneProgress/cancel']);

export type LifecycleState = 'uninitialized' | 'running' | 'shutdown';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRequest(m: Message): m is RequestMessage {
  const r = m as Partial<RequestMessage>;
  return typeof r.method === 'string' && (typeof r.id === 'string' || typeof r.id === 'number');
}

function isNotification(m: Message): m is NotificationMessage {
  const n = m as Partial<RequestMessage>;
  return typeof n.method === 'string' && n.id === undefined;
}

export class LifecycleGate extends AbstractMessageReader implements MessageReader {
  state: LifecycleState = 'uninitialized';
  private readonly logged = new Set<string>();

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly log: (message: string) => void,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.admit(message)) callback(message);
    });
  }

  override dispose(): void {
    super.dispose();
    this.inner.dispose();
  }

  /** Whether `message` goes on to the connection; answers or drops it otherwise. */
  private admit(message: Message): boolean {
    // Not an object at all (`null`, a number): the connection reports it as an invalid message.
    if (!isRecord(message)) return true;
    if (isRequest(message)) {
      const method = message.method;
      if (this.state === 'shutdown') return this.reject(message, ErrorCodes.InvalidRequest, `the server is shut down; only 'exit' is accepted now (got '${method}')`);
      if (method === 'initialize') {
        if (this.state !== 'uninitialized') return this.reject(message, ErrorCodes.InvalidRequest, "the server is already initialized; 'initialize' may be sent only once");
        const params = message.params;
        if (!isRecord(params) || !isRecord(params['capabilities'])) return this.reject(message, ErrorCodes.InvalidParams, "'initialize' needs params with a 'capabilities' object");
        this.state = 'running';
        return true;
      }
      if (this.state === 'uninitialized') return this.reject(message, ErrorCodes.ServerNotInitialized, `the server is not initialized yet: send 'initialize' first (got '${method}')`);
      if (method === 'shutdown') this.state = 'shutdown';
      return true;
    }
    if (isNotification(message)) {
      const method = message.method;
      if (method === 'exit') return true;
      if (this.state !== 'running') return this.drop(method, this.state === 'uninitialized' ? 'before initialize' : 'after shutdown');
      const params = message.params;
      if (method === '$/cancelRequest' && !(isRecord(params) && (typeof params['id'] === 'number' || typeof params['id'] === 'string'))) return this.drop(method, 'with malformed params');
      if (method === '$/setTrace' && !(isRecord(params) && typeof params['value'] === 'string')) return this.drop(method, 'with malformed params');
      if (TOKEN_NOTIFICATIONS.has(method) && !(isRecord(params) && (typeof params['token'] === 'number' || typeof params['token'] === 'string'))) return this.drop(method, 'with malformed params');
      if (method === 'workspace/didChangeWorkspaceFolders' && !(isRecord(params) && isRecord(params['event']))) return this.drop(method, 'with malformed params');
      return true;
    }
    // Responses to our own requests, and anything else, are the connection's business.
    return true;
  }

  private reject(request: RequestMessage, code: number, message: string): false {
    this.writer.write({ jsonrpc: '2.0', id: request.id, error: { code, message } } as Message).catch(() => undefined);
    return false;
  }

  /** Drops a notification, saying so once per method and reason. */
  private drop(method: string, why: string): false {
    const key = `${method} ${why}`;
    if (!this.logged.has(key)) {
      this.logged.add(key);
      this.log(`ignored '${method}' ${why} (further ones are ignored silently)`);
    }
    return false;
  }
}
