/**
 * Rule pages, rendered and read-only. Each diagnostic links to its rule's page
 * (`codeDescription.href`). Left to itself VS Code would open a `file:` link to
 * `docs/rules/<code>.md` as an editable Markdown source inside the installed extension, so the
 * client asks the server (initialization option `ruleDocsBase`) for links of the form
 * `<editor scheme>://<extension id>/rules/<code>.md`. VS Code hands such a link to this
 * extension's URI handler (a `command:` URI is not allowed in `codeDescription`), which opens the
 * page with the Markdown preview.
 *
 * The page itself is served from the `calico-docs:` scheme by a read-only file system over the
 * extension's `docs/` folder (`calico-docs:/rules/<code>.md`), so the preview can resolve the
 * pages' relative links (`other-rule.md`, `../suppressing.md`) and follow them in the preview, and
 * nothing can be written back. Paths that leave `docs/` are not found.
 *
 * The command `calico.showRuleDocumentation` opens a page by code (asked for with a list of the
 * codes when none is given).
 */
import { posix } from 'node:path';
import {
  Disposable,
  EventEmitter,
  FilePermission,
  FileSystemError,
  FileType,
  Uri,
  commands,
  env,
  window,
  workspace,
  type ExtensionContext,
  type FileChangeEvent,
  type FileStat,
  type FileSystemProvider,
} from 'vscode';
import { RULE_DOCS_SCHEME, SHOW_RULE_DOCS_COMMAND } from '../../server/src/common/protocol';

/** A rule code as the server names its pages (also what keeps a code from naming another path). */
const CODE = /^[a-z0-9][a-z0-9-]*$/;

/** The read-only `calico-docs:` file system over the extension's `docs/` folder. */
class RuleDocsFileSystem implements FileSystemProvider {
  private readonly changes = new EventEmitter<FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  constructor(private readonly root: Uri) {}

  /** The file under `docs/` that `uri` names; not found when the path leaves it. */
  private target(uri: Uri): Uri {
    const path = posix.normalize(uri.path);
    if (!path.startsWith('/') || path.split('/').includes('..')) throw FileSystemError.FileNotFound(uri);
    return Uri.joinPath(this.root, path);
  }

  watch(): Disposable {
    // The pages ship with the extension and never change while it runs.
    return new Disposable(() => undefined);
  }

  async stat(uri: Uri): Promise<FileStat> {
    const s = await workspace.fs.stat(this.target(uri));
    return { type: s.type, ctime: s.ctime, mtime: s.mtime, size: s.size, permissions: FilePermission.Readonly };
  }

  async readDirectory(uri: Uri): Promise<[string, FileType][]> {
    return workspace.fs.readDirectory(this.target(uri));
  }

  async readFile(uri: Uri): Promise<Uint8Array> {
    return workspace.fs.readFile(this.target(uri));
  }

  createDirectory(uri: Uri): never {
    throw FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: Uri): never {
    throw FileSystemError.NoPermissions(uri);
  }

  delete(uri: Uri): never {
    throw FileSystemError.NoPermissions(uri);
  }

  rename(uri: Uri): never {
    throw FileSystemError.NoPermissions(uri);
  }
}

export function ruleDocsUri(code: string): Uri {
  return Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/rules/${code}.md` });
}

/** Opens the page of `code` in the Markdown preview. */
async function showRuleDocs(code: string): Promise<void> {
  if (!CODE.test(code)) {
    void window.showWarningMessage(`'${code}' is not a Calico rule code.`);
    return;
  }
  await commands.executeCommand('markdown.showPreview', ruleDocsUri(code));
}

/** The codes that have a page, for the command's list. */
async function codesWithPages(): Promise<string[]> {
  const entries = await workspace.fs.readDirectory(Uri.from({ scheme: RULE_DOCS_SCHEME, path: '/rules' }));
  return entries
    .filter(([name, type]) => type === FileType.File && name.endsWith('.md'))
    .map(([name]) => name.slice(0, -3))
    .sort();
}

/** The link base the server should use for `codeDescription.href`: handled by `handleUri` below. */
export function ruleDocsBase(context: ExtensionContext): string {
  return `${env.uriScheme}://${context.extension.id}/rules/`;
}

export function registerRuleDocs(context: ExtensionContext): void {
  context.subscriptions.push(
    workspace.registerFileSystemProvider(RULE_DOCS_SCHEME, new RuleDocsFileSystem(Uri.joinPath(context.extensionUri, 'docs')), { isCaseSensitive: true, isReadonly: true }),
    window.registerUriHandler({
      handleUri(uri: Uri) {
        const m = /^\/rules\/([a-z0-9-]+)(\.md)?$/.exec(uri.path);
        if (m) void showRuleDocs(m[1]!);
      },
    }),
    commands.registerCommand(SHOW_RULE_DOCS_COMMAND, async (code?: unknown) => {
      if (typeof code === 'string') return showRuleDocs(code);
      const picked = await window.showQuickPick(await codesWithPages(), { placeHolder: 'Calico rule code' });
      if (picked) await showRuleDocs(picked);
    }),
  );
}
