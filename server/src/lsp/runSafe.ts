/**
 * Every request handler runs inside `runSafe`: an exception is logged and turned into the
 * handler's empty result, and a cancelled request returns promptly. No input a user can type or a
 * client can send may crash or wedge the server.
 */
import { ResponseError, LSPErrorCodes, type CancellationToken, type Connection } from 'vscode-languageserver/node';

export function runSafe<T>(connection: Connection, what: string, fallback: T, token: CancellationToken | undefined, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    return fn();
  } catch (e) {
    connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}

export async function runSafeAsync<T>(connection: Connection, what: string, fallback: T, token: CancellationToken | undefined, fn: () => Promise<T>): Promise<T | ResponseError<void>> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  try {
    const result = await fn();
    if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
    return result;
  } catch (e) {
    connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}

/** Wraps a notification handler so a throw is logged instead of escaping. */
export function safeNotification<P>(connection: Connection, what: string, fn: (params: P) => void): (params: P) => void {
  return (params: P) => {
    try {
      fn(params);
    } catch (e) {
      connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
}
