/**
 * Navigation requests, for any LSP client: `textDocument/documentSymbol` (outline),
 * `textDocument/definition`, `textDocument/references`, `textDocument/codeLens` with
 * `codeLens/resolve`, and `workspace/symbol`. The answers come from the core
 * (`core/features/navigation.ts`); this module only checks params, converts offsets to positions
 * and shapes the replies.
 *
 * Locations in files that are not open are converted with the server's line tables of those
 * files (`fileMappers.ts`: cached per file revision), so a burst of requests reads each such file
 * once.
 *
 * Code lenses are returned without their command and resolved one by one, so a client pays only
 * for the lenses it shows. Each resolved lens runs `calico.showReferences` with
 * `[uri, position, locations]` (LSP JSON): the VS Code extension registers that command and turns
 * it into `editor.action.showReferences`; other clients, which do not know it, show the title and
 * at worst say the command is unknown (the server advertises no command, so nothing runs). When
 * the client supports it, `workspace/codeLens/refresh` is sent once the analysis settles after a
 * host endpoint or cluster-wide policy changed (or the setting did).
 */
import {
  SymbolKind,
  type ClientCapabilities,
  type CodeLens,
  type CodeLensParams,
  type Connection,
  type DefinitionParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type Location,
  type ReferenceParams,
  type ServerCapabilities,
  type SymbolInformation,
  type WorkspaceSymbolParams,
} from 'vscode-languageserver/node';
import { codeLenses, documentSymbols, findDefinition, findReferences, resolveCodeLens, workspaceSymbols, type NavLocation, type OutlineSymbol } from '../core';
import { toRange } from '../common/positions';
import { SHOW_REFERENCES_COMMAND } from '../common/protocol';
import type { ServerState } from './server';
import { onCheckedRequest } from './runSafe';
import { isPosition, isRecord } from './params';

/**
 * Other open files longer than this (characters) are not waited for: the scheduler analyses
 * them after the others (seconds of work), and an answer should not wait that long.
 */
const WAIT_FOR_OTHERS_UP_TO = 4 * 1024 * 1024;

const KINDS: Record<string, SymbolKind> = {
  GlobalNetworkPolicy: SymbolKind.Class,
  NetworkPolicy: SymbolKind.Class,
  StagedGlobalNetworkPolicy: SymbolKind.Class,
  StagedNetworkPolicy: SymbolKind.Class,
  StagedKubernetesNetworkPolicy: SymbolKind.Class,
  HostEndpoint: SymbolKind.Interface,
  GlobalNetworkSet: SymbolKind.Array,
  NetworkSet: SymbolKind.Array,
  Tier: SymbolKind.Namespace,
  rule: SymbolKind.Field,
};

function symbolKind(kind: string): SymbolKind {
  return KINDS[kind] ?? SymbolKind.Object;
}

/** What the `data` of our code lenses holds: the document and the offset of the lens' resource. */
interface LensData {
  uri: string;
  offset: number;
}

function isLensData(v: unknown): v is LensData {
  return isRecord(v) && typeof v['uri'] === 'string' && Number.isSafeInteger(v['offset']) && (v['offset'] as number) >= 0;
}

export function registerNavigation(connection: Connection, state: ServerState, capabilities: ServerCapabilities, client: ClientCapabilities): void {
  const hierarchical = !!client.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
  const refreshSupport = !!client.workspace?.codeLens?.refreshSupport;
  capabilities.documentSymbolProvider = { label: 'Calico' };
  capabilities.definitionProvider = true;
  capabilities.referencesProvider = true;
  capabilities.workspaceSymbolProvider = true;
  capabilities.codeLensProvider = { resolveProvider: true };

  const { mapperOf } = state;

  const toLocations = (list: readonly NavLocation[]): Location[] => {
    const out: Location[] = [];
    for (const l of list) {
      const m = mapperOf(l.fileId);
      if (m) out.push({ uri: l.fileId, range: toRange(m, l) });
    }
    return out;
  };

  /**
   * The open document, analysed, once the other open documents of ordinary size are analysed too
   * (answers read what they hold, and one may have been edited a moment ago); undefined when it
   * is not open (or was closed while waiting).
   */
  const analysed = async (uri: string) => {
    if (!state.open.has(uri)) return undefined;
    const waits: Promise<void>[] = [];
    for (const u of state.open.keys()) {
      if (u === uri || (state.workspace.getFile(u)?.length ?? 0) <= WAIT_FOR_OTHERS_UP_TO) waits.push(state.scheduler.whenAnalyzed(u));
    }
    await Promise.all(waits);
    return state.open.get(uri);
  };

  onCheckedRequest<DocumentSymbolParams, DocumentSymbol[] | SymbolInformation[]>(connection, 'textDocument/documentSymbol', {
    check: (c) => c.textDocument(),
    empty: [],
    handle: async (params) => {
      const uri = params.textDocument.uri;
      const doc = await analysed(uri);
      if (!doc) return [];
      const symbols = documentSymbols(state.workspace, uri);
      const convert = (s: OutlineSymbol): DocumentSymbol => {
        const out: DocumentSymbol = {
          name: s.name,
          kind: symbolKind(s.kind),
          range: toRange(doc, s),
          selectionRange: toRange(doc, { start: s.selectionStart, end: s.selectionEnd }),
          children: s.children.map(convert),
        };
        if (s.detail !== undefined) out.detail = s.detail;
        return out;
      };
      if (hierarchical) return symbols.map(convert);
      // A client without hierarchy support gets a flat list, rules named inside their resource.
      const flat: SymbolInformation[] = [];
      for (const s of symbols) {
        flat.push({ name: s.name, kind: symbolKind(s.kind), location: { uri, range: toRange(doc, s) } });
        for (const c of s.children) flat.push({ name: c.name, kind: symbolKind(c.kind), location: { uri, range: toRange(doc, c) }, containerName: s.name });
      }
      return flat;
    },
  });

  onCheckedRequest<DefinitionParams, Location[]>(connection, 'textDocument/definition', {
    check: (c) => c.textDocument().position(),
    empty: [],
    handle: async (params) => {
      const uri = params.textDocument.uri;
      const doc = await analysed(uri);
      if (!doc) return [];
      return toLocations(findDefinition(state.workspace, uri, doc.offsetAt(params.position)));
    },
  });

  onCheckedRequest<ReferenceParams, Location[]>(connection, 'textDocument/references', {
    check: (c) => c.textDocument().position().optional('context', 'object'),
    empty: [],
    handle: async (params) => {
      const uri = params.textDocument.uri;
      const doc = await analysed(uri);
      if (!doc) return [];
      const include = params.context?.includeDeclaration === true;
      return toLocations(findReferences(state.workspace, uri, doc.offsetAt(params.position), include));
    },
  });

  onCheckedRequest<CodeLensParams, CodeLens[]>(connection, 'textDocument/codeLens', {
    check: (c) => c.textDocument(),
    empty: [],
    handle: async (params) => {
      const uri = params.textDocument.uri;
      if (!state.settings.server.codeLens.enable) return [];
      const doc = await analysed(uri);
      if (!doc || !state.settings.server.codeLens.enable) return [];
      return codeLenses(state.workspace, uri).map((l) => ({ range: toRange(doc, l), data: { uri, offset: l.start } satisfies LensData }));
    },
  });

  onCheckedRequest<CodeLens, CodeLens>(connection, 'codeLens/resolve', {
    check: (c) => c.range(),
    // Unreachable in practice (the handler does not throw): a lens that shows nothing and runs nothing.
    empty: { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title: '', command: '' } },
    handle: async (lens) => {
      const stale = (): CodeLens => ({ range: lens.range, command: { title: '', command: '' } });
      if (!isLensData(lens.data)) return stale();
      const { uri, offset } = lens.data;
      const doc = await analysed(uri);
      if (!doc) return stale();
      const resolved = resolveCodeLens(state.workspace, uri, offset);
      if (!resolved) return stale();
      const position = isPosition(lens.range.start) ? lens.range.start : doc.positionAt(offset);
      return { range: lens.range, data: lens.data, command: { title: resolved.title, command: SHOW_REFERENCES_COMMAND, arguments: [uri, position, toLocations(resolved.locations)] } };
    },
  });

  onCheckedRequest<WorkspaceSymbolParams, SymbolInformation[]>(connection, 'workspace/symbol', {
    check: (c) => c.string('query'),
    empty: [],
    handle: (params) =>
      workspaceSymbols(state.workspace, params.query).flatMap((s) => {
        const [location] = toLocations([s.location]);
        if (!location) return [];
        const info: SymbolInformation = { name: s.name, kind: symbolKind(s.kind), location, containerName: s.namespace !== undefined ? `${s.kind} in ${s.namespace}` : s.kind };
        return [info];
      }),
  });

  // Lenses show cross-file facts: after the analysis settles, ask the client to re-read them if
  // anything in the index (or the setting) changed since the last time.
  let shownVersion = state.workspace.index.navigation.lensVersion;
  let shownEnabled = state.settings.server.codeLens.enable;
  state.idleHooks.push(() => {
    if (!refreshSupport) return;
    const version = state.workspace.index.navigation.lensVersion;
    const enabled = state.settings.server.codeLens.enable;
    if (version === shownVersion && enabled === shownEnabled) return;
    shownVersion = version;
    shownEnabled = enabled;
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });
}
