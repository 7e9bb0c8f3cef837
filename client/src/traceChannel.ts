/**
 * The trace channel handed to vscode-languageclient, so that `calico.trace.server` (off |
 * messages | verbose) alone decides whether the protocol messages are logged. vscode-languageclient
 * 11 traces only when its trace channel's log level is Trace, and then treats `off` as `messages`;
 * with the default Info level nothing is traced whatever the setting says. This view of the
 * extension's log channel reports Trace exactly when the setting asks for tracing (and fires its
 * level-change event when the setting changes, which makes the client re-read it at once), and
 * writes trace lines at the info level, so they show in the "Calico Language Server" channel.
 */
import { EventEmitter, LogLevel, workspace, type ExtensionContext, type LogOutputChannel, type ViewColumn } from 'vscode';
import { SETTINGS_SECTION } from '../../server/src/common/protocol';

const TRACE_SETTING = `${SETTINGS_SECTION}.trace.server`;

export function traceLevel(): LogLevel {
  const value = workspace.getConfiguration(SETTINGS_SECTION).get<string>('trace.server', 'off');
  return value === 'messages' || value === 'verbose' ? LogLevel.Trace : LogLevel.Info;
}

/** A view of `log` whose log level follows `calico.trace.server` and whose trace lines are shown. */
export function traceChannel(context: ExtensionContext, log: LogOutputChannel): LogOutputChannel {
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
