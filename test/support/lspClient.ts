/**
 * A minimal LSP client for the protocol tests: it spawns the bundled language server
 * (`node dist/server.js --stdio`, so `npm run build` must have run) and talks JSON-RPC to it over
 * stdio with vscode-jsonrpc.
 *
 * Invariants the tests rely on:
 * - Nothing here sleeps. Waiting for diagnostics means awaiting a `textDocument/publishDiagnostics`
 *   notification; the only timer is a generous safety timeout that fails the test with what was
 *   received so far.
 * - A waiter is registered before the message that triggers the publish is sent (the `*AndWait`
 *   methods do both in one synchronous step), so a fast server can never slip a publish in
 *   between.
 * - Server → client requests get the answers a real editor would give: `workspace/configuration`
 *   reads `client.settings` (mutable, so tests can change it), registrations are acknowledged and
 *   recorded, and refresh requests are counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  Registration,
  RegistrationParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The bundled server; CALICO_SERVER_JS may name another build (for example to check that a test catches an old bug). */
export const SERVER_JS = process.env['CALICO_SERVER_JS'] ?? join(REPO_ROOT, 'dist', 'server.js');

/** How long any single wait may take before the test fails (never a sleep: only a safety net). */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface StartOptions {
  /** Ask for pull diagnostics (`textDocument.diagnostic` and refresh support). */
  pull?: boolean;
  /** Declare `workspace.configuration` (default true); without it settings come with didChangeConfiguration. */
  configuration?: boolean;
  /** The settings the client answers `workspace/configuration` with, keyed by section (`{calico: {...}}`). */
  settings?: Record<string, unknown>;
  /** Extra capabilities, merged (shallowly per top-level key) over the defaults. */
  capabilities?: ClientCapabilities;
  /** Workspace folders (file URIs); none by default, so the server reads nothing from disk. */
  workspaceFolders?: string[];
  /** Leave `workspace/configuration` requests unanswered (a broken client); default false. */
  neverAnswerConfiguration?: boolean;
  /** `initializationOptions` of the `initialize` request. */
  initializationOptions?: Record<string, unknown>;
}

export interface Publish extends PublishDiagnosticsParams {
  /** Sequence number of the notification among everything the server pushed. */
  seq: number;
}

interface Waiter {
  uri: string;
  minVersion: number | undefined;
  resolve: (p: Publish) => void;
}

function defaultCapabilities(pull: boolean, configuration: boolean): ClientCapabilities {
  return {
    general: { positionEncodings: ['utf-16'] },
    workspace: {
      configuration,
      didChangeConfiguration: { dynamicRegistration: true },
      workspaceFolders: true,
      ...(pull ? { diagnostics: { refreshSupport: true } } : {}),
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false, willSave: false },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
      codeAction: {
        dataSupport: true,
        isPreferredSupport: true,
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
      },
      ...(pull ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
    },
  };
}

/** Reads `a.b.c` from a nested settings object, as an editor answers `workspace/configuration`. */
function lookup(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  let v: unknown = settings;
  for (const part of section.split('.')) {
    if (!v || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[part];
  }
  return v ?? null;
}

export class LspClient {
  readonly connection: MessageConnection;
  /** Every publishDiagnostics notification, in arrival order. */
  readonly publishes: Publish[] = [];
  /** Registrations the server asked for (`client/registerCapability`). */
  readonly registrations: Registration[] = [];
  /** `workspace/configuration` requests the server made. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** Requests to methods this client does not implement (a test may assert there were none). */
  readonly unexpectedRequests: string[] = [];
  /** `window/logMessage` texts, kept for failure messages. */
  readonly logs: string[] = [];
  refreshRequests = 0;
  /** `workspace/codeLens/refresh` requests the server made. */
  codeLensRefreshes = 0;
  settings: Record<string, unknown>;
  initializeResult: InitializeResult | undefined;
  private stderr = '';
  private waiters: Waiter[] = [];
  private refreshWaiters: Array<() => void> = [];
  private logWaiters: Array<{ accept: (message: string) => boolean; resolve: (message: string) => void }> = [];
  private lensRefreshWaiters: Array<() => void> = [];
  private versions = new Map<string, number>();
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    readonly proc: ChildProcess,
    settings: Record<string, unknown>,
    neverAnswerConfiguration = false,
  ) {
    this.settings = settings;
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (s: string) => {
      this.stderr += s;
    });
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
    });
    this.connection = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    // Writes after the server has gone away (a crash under test) must fail the test, not the runner.
    proc.stdin!.on('error', () => undefined);
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      const p: Publish = { ...params, seq: this.publishes.length };
      this.publishes.push(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && (w.minVersion === undefined || p.version === undefined || p.version >= w.minVersion));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p);
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      const ready = this.logWaiters.filter((w) => w.accept(p.message));
      this.logWaiters = this.logWaiters.filter((w) => !ready.includes(w));
      for (const w of ready) w.resolve(p.message);
    });
    this.connection.onNotification(() => undefined);
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      if (neverAnswerConfiguration) return new Promise<never>(() => undefined);
      return params.items.map((item) => lookup(this.settings, item.section));
    });
    this.connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      const waiters = this.refreshWaiters;
      this.refreshWaiters = [];
      for (const w of waiters) w();
      return null;
    });
    this.connection.onRequest('workspace/codeLens/refresh', () => {
      this.codeLensRefreshes++;
      const waiters = this.lensRefreshWaiters;
      this.lensRefreshWaiters = [];
      for (const w of waiters) w();
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onRequest((method: string) => {
      this.unexpectedRequests.push(method);
      return null;
    });
    this.connection.onError(() => undefined);
    this.connection.listen();
  }

  /** Spawns the server, runs `initialize` + `initialized`, and returns the ready client. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    const client = LspClient.spawn(options);
    client.initializeResult = await client.withTimeout(client.connection.sendRequest<InitializeResult>('initialize', client.initializeParams(options)), 'initialize');
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Spawns the server and connects to it without initializing it (for lifecycle tests). */
  static spawn(options: StartOptions = {}): LspClient {
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspClient(proc, options.settings ?? {}, options.neverAnswerConfiguration);
  }

  /** The `initialize` params `start` sends for `options`. */
  initializeParams(options: StartOptions = {}): Record<string, unknown> {
    const caps = defaultCapabilities(!!options.pull, options.configuration ?? true);
    for (const [k, v] of Object.entries(options.capabilities ?? {})) (caps as Record<string, unknown>)[k] = v;
    const folders = options.workspaceFolders ?? [];
    return {
      processId: process.pid,
      clientInfo: { name: 'calico-protocol-tests' },
      rootUri: folders[0] ?? null,
      capabilities: caps,
      workspaceFolders: folders.length > 0 ? folders.map((uri, i) => ({ uri, name: `folder${i}` })) : null,
      ...(options.initializationOptions ? { initializationOptions: options.initializationOptions } : {}),
    };
  }

  /** Resolves with the server's exit code once the process has exited (within the safety timeout). */
  waitForExit(ms?: number): Promise<number | null> {
    return this.withTimeout(this.exited, 'the server process to exit', ms);
  }

  /** Everything the server wrote to stderr so far. */
  get stderrText(): string {
    return this.stderr;
  }

  /** Rejects with a helpful message when `p` has not settled within the safety timeout. */
  withTimeout<T>(p: Promise<T>, what: string, ms = DEFAULT_TIMEOUT_MS): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}\n${this.describe()}`)), ms);
    });
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  /** What happened so far, for failure messages. */
  describe(): string {
    const last = this.publishes.slice(-5).map((p) => `  #${p.seq} ${p.uri} v${p.version}: ${p.diagnostics.map((d) => d.code).join(', ') || '(none)'}`);
    return [`server exit code: ${this.exitCode === undefined ? 'running' : this.exitCode}`, 'last publishes:', ...last, `stderr: ${this.stderr.slice(-2000)}`, `log: ${this.logs.slice(-10).join('\n')}`].join('\n');
  }

  /**
   * Resolves with the next publish for `uri` (with `version >= minVersion` when given). Call it
   * before sending whatever triggers the publish, or use the `*AndWait` helpers.
   */
  nextPublish(uri: string, minVersion?: number, ms?: number): Promise<Publish> {
    const p = new Promise<Publish>((resolve) => this.waiters.push({ uri, minVersion, resolve }));
    return this.withTimeout(p, `publishDiagnostics for ${uri}${minVersion === undefined ? '' : ` (version >= ${minVersion})`}`, ms);
  }

  /**
   * Resolves with the first `window/logMessage` text, already received or still to come, that
   * satisfies `accept`.
   */
  logWhere(accept: (message: string) => boolean, ms?: number): Promise<string> {
    const seen = this.logs.find(accept);
    if (seen !== undefined) return Promise.resolve(seen);
    return this.withTimeout(new Promise<string>((resolve) => this.logWaiters.push({ accept, resolve })), 'a matching window/logMessage', ms);
  }

  /** Resolves at the next `workspace/diagnostic/refresh` request (call before triggering it). */
  nextRefresh(ms?: number): Promise<void> {
    return this.withTimeout(new Promise<void>((resolve) => this.refreshWaiters.push(resolve)), 'workspace/diagnostic/refresh', ms);
  }

  /** Resolves at the next `workspace/codeLens/refresh` request (call before triggering it). */
  nextCodeLensRefresh(ms?: number): Promise<void> {
    return this.withTimeout(new Promise<void>((resolve) => this.lensRefreshWaiters.push(resolve)), 'workspace/codeLens/refresh', ms);
  }

  /** Waits for publishes for `uri` until one satisfies `accept` (for settings changes, which keep the version). */
  async publishWhere(uri: string, accept: (p: Publish) => boolean, ms?: number): Promise<Publish> {
    const deadline = Date.now() + (ms ?? DEFAULT_TIMEOUT_MS);
    for (;;) {
      const p = await this.nextPublish(uri, undefined, Math.max(1, deadline - Date.now()));
      if (accept(p)) return p;
    }
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  open(uri: string, text: string, languageId = 'yaml', version = 1): void {
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Opens a document and resolves with its first diagnostics (push mode). */
  openAndWait(uri: string, text: string, languageId = 'yaml', ms?: number): Promise<Diagnostic[]> {
    const next = this.nextPublish(uri, 1, ms);
    this.open(uri, text, languageId, 1);
    return next.then((p) => p.diagnostics);
  }

  /** Sends one didChange notification holding `changes` (applied in order, as LSP specifies). */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): number {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Sends a didChange and resolves with the diagnostics published for that version or a later one. */
  changeAndWait(uri: string, changes: TextDocumentContentChangeEvent[], ms?: number): Promise<Diagnostic[]> {
    const next = this.nextPublish(uri, this.version(uri) + 1, ms);
    this.change(uri, changes);
    return next.then((p) => p.diagnostics);
  }

  close(uri: string): void {
    this.versions.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /**
   * Replaces the settings and notifies the server (as VS Code does: a didChangeConfiguration with
   * the section, after which the server pulls through workspace/configuration).
   */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  request<R>(method: string, params?: unknown, ms?: number): Promise<R> {
    return this.withTimeout(this.connection.sendRequest<R>(method, params), `response to ${method}`, ms);
  }

  /** `shutdown` then `exit`; resolves with the process exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown');
    void this.connection.sendNotification('exit');
    return this.withTimeout(this.exited, 'the server process to exit');
  }

  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Kills the server if a test left it running (only this client's own child process). */
  dispose(): void {
    this.connection.dispose();
    if (!this.hasExited) this.proc.kill();
  }
}

/** A file URI for a test document that does not exist on disk. */
export function testUri(name: string): string {
  return `file:///calico-protocol-tests/${name}`;
}

/**
 * The LSP range (UTF-16 line/character) of the `occurrence`-th match of `needle` in `text`,
 * computed independently of the server's position code so the tests check it.
 */
export function rangeOf(text: string, needle: string, occurrence = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at === -1) throw new Error(`'${needle}' (occurrence ${occurrence}) not found in the test text`);
  }
  return { start: positionOf(text, at), end: positionOf(text, at + needle.length) };
}

/** Line/character of a UTF-16 offset; CRLF, LF and lone CR each end one line. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** The UTF-16 offset of a line/character position (clamped to the line's end, as LSP requires). */
export function offsetOf(text: string, pos: { line: number; character: number }): number {
  let line = 0;
  let i = 0;
  while (line < pos.line && i < text.length) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
    i++;
  }
  if (line < pos.line) return text.length;
  let end = i;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return Math.min(i + pos.character, end);
}

/**
 * Applies didChange content changes to `text` the way the protocol defines them (in order, each
 * relative to the result of the previous one). Written here, not borrowed from the server's
 * libraries, so the incremental-sync tests have an independent reference.
 */
export function applyChanges(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  let out = text;
  for (const c of changes) {
    if ('range' in c && c.range) {
      const start = offsetOf(out, c.range.start);
      const end = offsetOf(out, c.range.end);
      out = out.slice(0, start) + c.text + out.slice(Math.max(start, end));
    } else out = c.text;
  }
  return out;
}

/** A change that replaces the `occurrence`-th `needle` in `text` with `replacement`. */
export function replaceChange(text: string, needle: string, replacement: string, occurrence = 0): TextDocumentContentChangeEvent {
  return { range: rangeOf(text, needle, occurrence), text: replacement };
}

/** Applies the TextEdits of a WorkspaceEdit to one document (all ranges refer to the original text). */
export function applyTextEdits(text: string, edits: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const resolved = edits.map((e) => ({ start: offsetOf(text, e.range.start), end: offsetOf(text, e.range.end), newText: e.newText }));
  resolved.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const e of resolved) {
    if (e.end > limit) throw new Error('overlapping edits in a WorkspaceEdit');
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
