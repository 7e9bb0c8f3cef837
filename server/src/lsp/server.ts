/**
 * The language server: wires LSP messages to the analysis core. It owns the open documents, the
 * settings and the workspace files read from disk; all Calico knowledge stays in the core.
 *
 * Diagnostics are pushed (`textDocument/publishDiagnostics`) unless the client supports pull
 * diagnostics, in which case `textDocument/diagnostic` is served and refreshes are requested when
 * cross-file results may have changed.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type Connection,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type ServerCapabilities,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { Workspace, prepareSchema } from '../core';
import { toLspDiagnostic, type PositionMapper } from '../common/positions';
import { docsUrlResolver } from '../common/docs';
import { VERSION } from '../common/version';
import { SETTINGS_SECTION } from '../common/protocol';
import { fetchSettings, readSettings, type EffectiveSettings } from './settings';
import { Scheduler } from './scheduler';
import { onCheckedRequest, safeNotification } from './runSafe';
import { isIndexedUri, listYamlFiles, readFileUri, readWorkspaceFile, type ListingStats } from './workspaceFiles';
import { describeSettings, emptyReport, indexWarnings, startupLine, type IndexReport } from './startupLog';
import { isPosition, isRecord } from './params';
import { registerFeatures, ruleDocsBaseOption } from './features';
import { OpenDocument, type DocumentText } from './document';
import { fileMappers } from './fileMappers';
import { DiagnosticJsonCache } from './diagnosticJson';
import { withRawJson } from './rawJson';

/** Spare bytes around a publish's JSON, for the message around it (`withRawJson`). */
const ROOM = 256;

/** How long the first settings load may take before the server goes on with the defaults. */
const SETTINGS_TIMEOUT_MS = 5000;

/** A content change the protocol allows: a string `text` and, when present, a well-formed range. */
function isValidChange(change: unknown): change is TextDocumentContentChangeEvent {
  const c = change as { text?: unknown; range?: { start?: unknown; end?: unknown } | null } | null;
  if (!c || typeof c !== 'object' || typeof c.text !== 'string') return false;
  if (!('range' in c) || c.range === undefined) return true;
  return !!c.range && isPosition(c.range.start) && isPosition(c.range.end);
}

/** What is wrong with a notification's `textDocument` (undefined when it has a string `uri`). */
function badTextDocument(params: unknown): string | undefined {
  if (!isRecord(params)) return 'params are not an object';
  const td = params['textDocument'];
  return isRecord(td) && typeof td['uri'] === 'string' ? undefined : "'textDocument.uri' is not a string";
}

function badOpen(params: unknown): string | undefined {
  const bad = badTextDocument(params);
  if (bad) return bad;
  const td = (params as { textDocument: Record<string, unknown> }).textDocument;
  if (typeof td['text'] !== 'string') return "'textDocument.text' is not a string";
  if (!Number.isSafeInteger(td['version'])) return "'textDocument.version' is not an integer";
  return typeof td['languageId'] === 'string' ? undefined : "'textDocument.languageId' is not a string";
}

/** A didChange is taken whole or not at all, so the line table and the core's text never diverge. */
function badChange(params: unknown): string | undefined {
  const bad = badTextDocument(params);
  if (bad) return bad;
  const p = params as { textDocument: Record<string, unknown>; contentChanges?: unknown };
  const version = p.textDocument['version'];
  if (version !== undefined && version !== null && !Number.isSafeInteger(version)) return "'textDocument.version' is not an integer";
  if (!Array.isArray(p.contentChanges)) return "'contentChanges' is not a list";
  return p.contentChanges.every(isValidChange) ? undefined : "'contentChanges' holds a malformed change";
}

function badWatchedFiles(params: unknown): string | undefined {
  if (!isRecord(params) || !Array.isArray(params['changes'])) return "'changes' is not a list";
  const ok = params['changes'].every((c) => isRecord(c) && typeof c['uri'] === 'string' && (c['type'] === 1 || c['type'] === 2 || c['type'] === 3));
  return ok ? undefined : "'changes' holds an entry without a string 'uri' and a 'type' of 1, 2 or 3";
}

/** Checks the `event` of a didChangeWorkspaceFolders (vscode-languageserver passes it alone). */
function badFolderEvent(event: unknown): string | undefined {
  const list = (v: unknown) => Array.isArray(v) && v.every((f) => isRecord(f) && typeof f['uri'] === 'string');
  return isRecord(event) && list(event['added']) && list(event['removed']) ? undefined : "'event' does not list 'added' and 'removed' folders with string URIs";
}

/** Workspace folder URIs from `initialize` params, skipping malformed entries. */
function folderUris(params: InitializeParams): string[] {
  const list: unknown = params.workspaceFolders;
  const out = Array.isArray(list) ? list.filter((f): f is { uri: string } => isRecord(f) && typeof f['uri'] === 'string').map((f) => f.uri) : [];
  if (out.length === 0 && typeof params.rootUri === 'string') out.push(params.rootUri);
  return out;
}

export interface ServerState {
  connection: Connection;
  workspace: Workspace;
  open: Map<string, OpenDocument>;
  scheduler: Scheduler;
  settings: EffectiveSettings;
  /** Run when the analysis queue runs dry and after settings load (code lens refresh). */
  idleHooks: Array<() => void>;
  /** Positions in any workspace file (open or not), for locations outside the current document. */
  mapperOf: (uri: string) => PositionMapper | undefined;
}

export interface ServerOptions {
  /**
   * The transport writes `withRawJson` parameters as their text (`rawJson.ts`): publishes are then
   * assembled from JSON kept per document (`diagnosticJson.ts`).
   */
  rawJson?: boolean;
}

export function startServer(connection: Connection, options: ServerOptions = {}): ServerState {
  const workspace = new Workspace();
  const open = new Map<string, OpenDocument>();
  const onDisk = new Set<string>();
  // Replaced in `initialize` when the client names its own base for rule links (`ruleDocsBase`).
  let docsUrl = docsUrlResolver();
  let startupWarnings: string[] = [];
  let pull = false;
  let refreshSupport = false;
  let configSupport = false;
  let configDynamic = false;
  let watchDynamic = false;
  let folders: string[] = [];
  let workspaceFolderEvents = false;
  let pushedSettings: unknown;
  /**
   * The settings load that follows `initialized`. Until it settles nothing is published and pull
   * requests wait: otherwise a document opened right after start-up would first show diagnostics
   * with default severities (even rules the user turned off), replaced a moment later.
   */
  let settingsPending: Promise<void> | undefined;

  const state: ServerState = {
    connection,
    workspace,
    open,
    settings: readSettings(undefined, () => undefined),
    idleHooks: [],
    scheduler: undefined as unknown as Scheduler,
    mapperOf: fileMappers(open, workspace),
  };
  const { mapperOf } = state;

  /** The core's text of `uri`, as an open document reads it (see document.ts). */
  const coreText = (uri: string): DocumentText => ({
    get length() {
      return workspace.getFile(uri)?.length ?? 0;
    },
    charCodeAt: (offset) => workspace.getFile(uri)?.charCodeAt(offset) ?? NaN,
    getText: () => workspace.getFile(uri)?.text ?? '',
  });

  const publish = (uri: string): void => {
    // While the first settings load is in flight, skip: it ends with a republish of every open file.
    if (pull || settingsPending) return;
    const doc = open.get(uri);
    if (!doc) return;
    if (options.rawJson && state.settings.server.validate.enable) {
      void connection.sendDiagnostics(publishParams(uri, doc));
      return;
    }
    const diagnostics = state.settings.server.validate.enable ? workspace.diagnostics(uri, { analyzeOthers: false }).map((d) => toLspDiagnostic(doc, d, uri, docsUrl, mapperOf)) : [];
    void connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
  };

  // Kept JSON of published diagnostics; it embeds rule links, so a new link base starts afresh.
  let diagnosticJson = { docsUrl, cache: new DiagnosticJsonCache() };
  /** The same parameters as `{ uri, version, diagnostics }` above, as kept JSON (see `ServerOptions.rawJson`). */
  const publishParams = (uri: string, doc: OpenDocument): PublishDiagnosticsParams => {
    if (diagnosticJson.docsUrl !== docsUrl) diagnosticJson = { docsUrl, cache: new DiagnosticJsonCache() };
    const file = workspace.getFile(uri);
    const head = JSON.stringify({ uri, version: doc.version });
    const json = diagnosticJson.cache.arrayJson(workspace.publishedSlots(uri), {
      uri,
      doc,
      slotStart: (slotId) => file?.slotStart(slotId),
      docsUrl,
      mapperOf,
      place: (d, start) => workspace.place(d, start, uri),
    }, `${head.slice(0, -1)},"diagnostics":`, '}', ROOM);
    return withRawJson(json, ['uri', 'version', 'diagnostics'], ROOM);
  };

  /**
   * Other open files may have cross-file diagnostics that depend on `uri` (opened, edited or
   * closed), so they are refreshed in the same pass, with the same delay: a longer delay would
   * also postpone `uri`'s own publish, since the scheduler keeps one timer.
   */
  const markOthersDirty = (uri: string, delayMs: number): void => {
    for (const other of open.keys()) if (other !== uri) state.scheduler.markDirty(other, delayMs);
  };

  const republishAll = (): void => {
    if (pull) {
      if (refreshSupport) void connection.languages.diagnostics.refresh();
      return;
    }
    for (const uri of open.keys()) state.scheduler.markDirty(uri, 0);
  };

  const runIdleHooks = (): void => {
    for (const hook of state.idleHooks) {
      try {
        hook();
      } catch (e) {
        connection.console.error(`idle hook failed: ${String(e)}`);
      }
    }
  };

  state.scheduler = new Scheduler({
    workspace,
    openUris: () => open.keys(),
    publish,
    backgroundSettled: republishAll,
    idle: () => runIdleHooks(),
    log: (m) => connection.console.error(m),
  });

  // The lifecycle gate (lifecycle.ts) lets `initialize` through only once, with a capabilities object.
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    configSupport = !!caps.workspace?.configuration;
    configDynamic = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    watchDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    pull = !!caps.textDocument?.diagnostic;
    refreshSupport = !!caps.workspace?.diagnostics?.refreshSupport;
    folders = folderUris(params);
    workspaceFolderEvents = !!caps.workspace?.workspaceFolders;
    pushedSettings = params.initializationOptions;
    const base = ruleDocsBaseOption(params.initializationOptions);
    if (base.warning) startupWarnings.push(base.warning);
    if (base.value) docsUrl = docsUrlResolver(base.value);
    const capabilities: ServerCapabilities = {
      positionEncoding: 'utf-16',
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    };
    if (pull) capabilities.diagnosticProvider = { identifier: 'calico', interFileDependencies: true, workspaceDiagnostics: false };
    registerFeatures(state, capabilities, caps, params.initializationOptions);
    return { capabilities, serverInfo: { name: 'calico-language-server', version: VERSION } };
  });

  const loadSettings = async (): Promise<void> => {
    state.settings = await fetchSettings(connection, configSupport, pushedSettings);
    workspace.settings = state.settings.core;
  };

  /** Reads the YAML files of `only` into the workspace; says what it read and skipped. */
  const indexWorkspace = async (only: readonly string[] = folders): Promise<IndexReport | undefined> => {
    if (!state.settings.server.workspaceIndex.enable || only.length === 0) return undefined;
    const started = performance.now();
    const report = emptyReport(only.length);
    const stats: ListingStats = { truncated: false };
    const uris = await listYamlFiles(only, state.settings.server.workspaceIndex.maxFiles, stats);
    report.truncated = stats.truncated;
    for (const uri of uris) {
      if (open.has(uri)) {
        report.open++;
        continue;
      }
      const read = await readWorkspaceFile(uri);
      if (read.skipped === 'too-large') report.tooLarge.push(uri);
      else if (read.skipped) report.unreadable.push(uri);
      if (read.text === undefined) continue;
      if (read.undecodable) report.undecodable.push(uri);
      if (open.has(uri)) {
        report.open++;
        continue;
      }
      workspace.setFile(uri, read.text);
      onDisk.add(uri);
      report.indexed++;
    }
    state.scheduler.markBackgroundDirty();
    report.ms = performance.now() - started;
    for (const w of indexWarnings(report, state.settings.server.workspaceIndex.maxFiles)) connection.console.warn(w);
    return report;
  };

  // Compile the schemas of the kinds people edit most while the client is still starting up, one
  // per turn of the event loop, so the first open does not pay for it and nothing waits long.
  const warmUpSchemas = (): void => {
    const kinds = ['GlobalNetworkPolicy', 'NetworkPolicy', 'HostEndpoint', 'GlobalNetworkSet', 'NetworkSet', 'StagedGlobalNetworkPolicy'];
    const next = (): void => {
      const kind = kinds.shift();
      if (!kind) return;
      try {
        // The edition in force when the kind's turn comes (settings may have arrived meanwhile).
        prepareSchema(kind, workspace.settings.edition);
      } catch (e) {
        connection.console.error(`compiling the ${kind} schema failed: ${String(e)}`);
      }
      setImmediate(next);
    };
    setImmediate(next);
  };

  // Folders added or removed after start-up (registered from the one `initialized` handler, since
  // a connection keeps a single handler per notification).
  const followWorkspaceFolders = (): void => {
    if (!workspaceFolderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders(
      safeNotification(
        connection,
        'didChangeWorkspaceFolders',
        (event) => {
          const removed = event.removed.map((f) => (f.uri.endsWith('/') ? f.uri : `${f.uri}/`));
          folders = folders.filter((f) => !event.removed.some((r) => r.uri === f));
          for (const uri of [...onDisk]) {
            if (!open.has(uri) && removed.some((r) => uri.startsWith(r))) {
              workspace.removeFile(uri);
              onDisk.delete(uri);
            }
          }
          const added = event.added.map((f) => f.uri);
          folders.push(...added);
          void indexWorkspace(added)
            .then((report) => {
              if (report) connection.console.info(`Indexed ${report.indexed} workspace files from ${report.folders} added folder(s) in ${Math.round(report.ms)} ms.`);
            })
            .catch((e) => connection.console.error(`indexing added folders failed: ${String(e)}`));
          if (removed.length > 0) state.scheduler.markBackgroundDirty();
        },
        badFolderEvent,
      ),
    );
  };

  connection.onInitialized(() => {
    for (const w of startupWarnings) connection.console.warn(w);
    startupWarnings = [];
    followWorkspaceFolders();
    warmUpSchemas();
    if (configDynamic) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    if (watchDynamic) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loaded = loadSettings().catch((e) => connection.console.error(`could not load settings: ${String(e)}`));
    // A client that never answers workspace/configuration must not keep the server silent.
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        resolve();
      }, SETTINGS_TIMEOUT_MS);
    });
    const ready = Promise.race([loaded, deadline]).then(() => {
      clearTimeout(timer);
      settingsPending = undefined;
    });
    settingsPending = ready;
    void loaded.then(() => {
      if (timedOut) republishAll();
    });
    void ready
      .then(() => {
        republishAll();
        return indexWorkspace();
      })
      .then((report) => connection.console.info(startupLine(state.settings, pull, report)))
      .catch((e) => connection.console.error(`startup failed: ${String(e)}`));
  });

  connection.onDidChangeConfiguration(
    safeNotification(
      connection,
      'didChangeConfiguration',
      (params) => {
        pushedSettings = params.settings;
        void loadSettings()
          .then(() => {
            connection.console.info(`Settings changed: ${describeSettings(state.settings, pull)}.`);
            republishAll();
            runIdleHooks();
          })
          .catch((e) => connection.console.error(`reloading settings failed: ${String(e)}`));
      },
      (params) => (isRecord(params) ? undefined : 'params are not an object'),
    ),
  );

  connection.onDidOpenTextDocument(
    safeNotification(
      connection,
      'didOpen',
      (params) => {
        const { uri, languageId, version, text } = params.textDocument;
        workspace.setFile(uri, text);
        open.set(uri, new OpenDocument(uri, languageId, version, text, coreText(uri)));
        state.scheduler.markDirty(uri, 0);
        markOthersDirty(uri, 0);
      },
      badOpen,
    ),
  );

  connection.onDidChangeTextDocument(
    safeNotification(
      connection,
      'didChange',
      (params) => {
        const uri = params.textDocument.uri;
        const doc = open.get(uri);
        if (!doc) return;
        for (const change of params.contentChanges) {
          // The core holds the text; the document's line table follows it. Offsets come from the
          // table before the change, which is what the change's range refers to.
          if ('range' in change && change.range) {
            const { start, end } = doc.offsetsOf(change.range);
            workspace.applyChanges(uri, [{ start, end, text: change.text }]);
            doc.changed(start, end, change.text);
          } else {
            workspace.setFile(uri, change.text);
            doc.replaced(change.text);
          }
        }
        if (typeof params.textDocument.version === 'number') doc.version = params.textDocument.version;
        state.scheduler.markDirty(uri, state.settings.server.debounceMs);
        markOthersDirty(uri, state.settings.server.debounceMs);
      },
      badChange,
    ),
  );

  /**
   * On close, a document the indexer would read (a YAML file in a workspace folder, indexing on)
   * goes back to its text on disk, so cross-file checks keep seeing it; any other (outside every
   * folder, indexing off, untitled or not a file) leaves the workspace, and with it every
   * cross-file result it caused.
   */
  connection.onDidCloseTextDocument(
    safeNotification(
      connection,
      'didClose',
      (params) => {
        const uri = params.textDocument.uri;
        if (!open.delete(uri)) return;
        if (!pull) void connection.sendDiagnostics({ uri, diagnostics: [] });
        const forget = (): void => {
          workspace.removeFile(uri);
          if (onDisk.delete(uri)) state.scheduler.markBackgroundDirty();
          markOthersDirty(uri, 0);
        };
        if (!state.settings.server.workspaceIndex.enable || !isIndexedUri(uri, folders)) {
          forget();
          return;
        }
        void readFileUri(uri)
          .then((text) => {
            if (open.has(uri)) return;
            if (text === undefined) return forget();
            workspace.setFile(uri, text);
            onDisk.add(uri);
            state.scheduler.markBackgroundDirty();
            markOthersDirty(uri, 0);
          })
          .catch((e) => connection.console.error(`reading ${uri} after close failed: ${String(e)}`));
      },
      badTextDocument,
    ),
  );

  connection.onDidChangeWatchedFiles(
    safeNotification(
      connection,
      'didChangeWatchedFiles',
      (params) => {
        for (const change of params.changes) {
          const uri = change.uri;
          // Only files the indexer would read; a deletion is applied to any file the index holds.
          if (open.has(uri) || (change.type !== FileChangeType.Deleted && !isIndexedUri(uri, folders))) continue;
          if (change.type === FileChangeType.Deleted) {
            workspace.removeFile(uri);
            onDisk.delete(uri);
            state.scheduler.markBackgroundDirty();
          } else if (state.settings.server.workspaceIndex.enable) {
            void readFileUri(uri)
              .then((text) => {
                if (open.has(uri)) return;
                if (text === undefined) {
                  workspace.removeFile(uri);
                  onDisk.delete(uri);
                } else {
                  workspace.setFile(uri, text);
                  onDisk.add(uri);
                }
                state.scheduler.markBackgroundDirty();
              })
              .catch((e) => connection.console.error(`reading ${uri} failed: ${String(e)}`));
          }
        }
      },
      badWatchedFiles,
    ),
  );

  onCheckedRequest<DocumentDiagnosticParams, DocumentDiagnosticReport>(connection, 'textDocument/diagnostic', {
    check: (c) => c.textDocument().optional('identifier', 'string').optional('previousResultId', 'string'),
    empty: { kind: 'full', items: [] },
    handle: async (params) => {
      const uri = params.textDocument.uri;
      if (settingsPending) await settingsPending;
      const doc = open.get(uri);
      if (!doc || !state.settings.server.validate.enable) return { kind: 'full', items: [] };
      await state.scheduler.whenAnalyzed(uri);
      const current = open.get(uri) ?? doc;
      return { kind: 'full', items: workspace.diagnostics(uri, { analyzeOthers: false }).map((d) => toLspDiagnostic(current, d, uri, docsUrl, mapperOf)) };
    },
  });

  connection.onShutdown(() => state.scheduler.dispose());
  return state;
}
