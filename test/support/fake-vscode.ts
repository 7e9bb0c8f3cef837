/**
 * Just enough of the `vscode` module to run the extension's rule-page code (client/src/ruleDocs.ts)
 * under node:test: `Uri`, `FileSystemError`, `EventEmitter`, `Disposable`, `workspace.fs` over
 * the real disk for `file:` URIs and over registered providers for other schemes, and recorders
 * for commands, URI handlers and messages. It is not a VS Code: only what that module uses, with
 * VS Code's documented behaviour for it.
 */
import { promises as fs } from 'node:fs';
import Module from 'node:module';
import { posix } from 'node:path';

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
  ) {}

  static from(c: { scheme: string; authority?: string; path?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '/');
  }

  static file(path: string): Uri {
    return new Uri('file', '', path);
  }

  static parse(text: string): Uri {
    const m = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/]*))?(.*)$/i.exec(text);
    if (!m) throw new Error(`not a URI: ${text}`);
    return new Uri(m[1]!, m[2] ?? '', m[3] || '/');
  }

  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, posix.join(base.path, ...segments));
  }

  toString(): string {
    return `${this.scheme}:${this.authority ? `//${this.authority}` : ''}${this.path}`;
  }
}

export class FileSystemError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }

  static FileNotFound(uri: Uri): FileSystemError {
    return new FileSystemError(`not found: ${uri.toString()}`, 'FileNotFound');
  }

  static NoPermissions(uri: Uri): FileSystemError {
    return new FileSystemError(`no permissions: ${uri.toString()}`, 'NoPermissions');
  }
}

export class Disposable {
  constructor(private readonly fn: () => void) {}

  dispose(): void {
    this.fn();
  }
}

export class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };

  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }

  dispose(): void {
    this.listeners = [];
  }
}

export const FileType = { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 } as const;
export const FilePermission = { Readonly: 1 } as const;
export const LogLevel = { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 } as const;

interface Provider {
  stat(uri: Uri): Promise<unknown>;
  readFile(uri: Uri): Promise<Uint8Array>;
  readDirectory(uri: Uri): Promise<Array<[string, number]>>;
  writeFile(uri: Uri, content: Uint8Array, options: unknown): unknown;
}

export interface FakeVscode {
  module: Record<string, unknown>;
  providers: Map<string, { provider: Provider; options: unknown }>;
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: Array<{ command: string; args: unknown[] }>;
  uriHandlers: Array<{ handleUri(uri: Uri): void }>;
  warnings: string[];
  quickPickAnswer: string | undefined;
  quickPickItems: string[][];
  /** Settings by full key (`calico.trace.server`); `setConfiguration` changes one and fires the event. */
  configuration: Map<string, unknown>;
  setConfiguration(key: string, value: unknown): void;
}

export function fakeVscode(uriScheme = 'vscode'): FakeVscode {
  const state: FakeVscode = {
    module: {},
    providers: new Map(),
    commands: new Map(),
    executed: [],
    uriHandlers: [],
    warnings: [],
    quickPickAnswer: undefined,
    quickPickItems: [],
    configuration: new Map(),
    setConfiguration(key, value) {
      state.configuration.set(key, value);
      configurationChanged.fire({ affectsConfiguration: (section: string) => key === section || key.startsWith(`${section}.`) });
    },
  };
  const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const providerFor = (uri: Uri) => state.providers.get(uri.scheme)?.provider;
  const fsApi = {
    async stat(uri: Uri) {
      const p = providerFor(uri);
      if (p) return p.stat(uri);
      const s = await fs.stat(uri.path).catch(() => {
        throw FileSystemError.FileNotFound(uri);
      });
      return { type: s.isDirectory() ? FileType.Directory : FileType.File, ctime: s.ctimeMs, mtime: s.mtimeMs, size: s.size };
    },
    async readFile(uri: Uri) {
      const p = providerFor(uri);
      if (p) return p.readFile(uri);
      return fs.readFile(uri.path).catch(() => {
        throw FileSystemError.FileNotFound(uri);
      });
    },
    async readDirectory(uri: Uri) {
      const p = providerFor(uri);
      if (p) return p.readDirectory(uri);
      const entries = await fs.readdir(uri.path, { withFileTypes: true }).catch(() => {
        throw FileSystemError.FileNotFound(uri);
      });
      return entries.map((e) => [e.name, e.isDirectory() ? FileType.Directory : FileType.File] as [string, number]);
    },
  };
  state.module = {
    Uri,
    FileSystemError,
    Disposable,
    EventEmitter,
    FileType,
    FilePermission,
    LogLevel,
    env: { uriScheme },
    workspace: {
      fs: fsApi,
      getConfiguration(section: string) {
        return { get: <T>(key: string, fallback: T): T => (state.configuration.has(`${section}.${key}`) ? (state.configuration.get(`${section}.${key}`) as T) : fallback) };
      },
      onDidChangeConfiguration: configurationChanged.event,
      registerFileSystemProvider(scheme: string, provider: Provider, options: unknown) {
        state.providers.set(scheme, { provider, options });
        return new Disposable(() => state.providers.delete(scheme));
      },
    },
    window: {
      registerUriHandler(handler: { handleUri(uri: Uri): void }) {
        state.uriHandlers.push(handler);
        return new Disposable(() => undefined);
      },
      showWarningMessage(message: string) {
        state.warnings.push(message);
        return Promise.resolve(undefined);
      },
      showQuickPick(items: string[]) {
        state.quickPickItems.push(items);
        return Promise.resolve(state.quickPickAnswer);
      },
    },
    commands: {
      registerCommand(command: string, fn: (...args: unknown[]) => unknown) {
        state.commands.set(command, fn);
        return new Disposable(() => state.commands.delete(command));
      },
      executeCommand(command: string, ...args: unknown[]) {
        state.executed.push({ command, args });
        return Promise.resolve(undefined);
      },
    },
  };
  return state;
}

/**
 * Loads `path` (a CommonJS module compiled by tsx) afresh, with `require('vscode')` answered by
 * `fake`: each call gets a module bound to its own fake.
 */
export function requireWithVscode<T>(path: string, fake: FakeVscode): T {
  delete require.cache[require.resolve(path)];
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return fake.module;
    return original.call(this, request, ...rest);
  };
  try {
    return require(path) as T;
  } finally {
    mod._load = original;
  }
}
