/**
 * Every request handler runs inside `runSafe`: an exception is logged and turned into the
 * handler's empty result, and a cancelled request returns promptly. Requests are registered with
 * `onCheckedRequest`, which checks the params' shape first (`params.ts`: malformed params get
 * InvalidParams, never a throw inside a handler); notifications with `safeNotification`, which
 * ignores malformed params (logged once per method) and logs a throw instead of letting it escape.
 * No input a user can type or a client can send may crash or wedge the server.
 */
import { ErrorCodes, LSPErrorCodes, ParameterStructures, RequestType, ResponseError, type CancellationToken, type Connection, type RequestHandler } from 'vscode-languageserver/node';
import { Check } from './params';

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

export interface RequestSpec<P, R> {
  /** The checks the params must pass (see `params.ts`); the handler may then read what they checked. */
  check(c: Check): Check;
  /** The method's empty result, answered when the handler throws. */
  empty: R;
  handle(params: P, token: CancellationToken): R | Promise<R>;
}

/**
 * Registers a request handler directly on the JSON-RPC connection, by name only (positional or
 * missing params are refused with InvalidParams by vscode-jsonrpc itself). vscode-languageserver's
 * own `onHover` and friends read `params.workDoneToken` before the handler runs, which throws on
 * `params: null` and answered InternalError; they are not used.
 */
export function onCheckedRequest<P, R>(connection: Connection, method: string, spec: RequestSpec<P, R>): void {
  const type = new RequestType<P, R, void>(method, ParameterStructures.byName);
  const handler = async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
    const c = spec.check(new Check(params));
    if (!c.ok) return new ResponseError<void>(ErrorCodes.InvalidParams, `${method}: ${c.problem}`);
    return runSafeAsync(connection, method, spec.empty, token, async () => spec.handle(params, token));
  };
  // The cast only bridges vscode-jsonrpc's conditional result type, which a generic R cannot meet.
  connection.onRequest(type, handler as unknown as RequestHandler<P, R, void>);
}

/**
 * Wraps a notification handler: params that fail `valid` (which returns what is wrong, or
 * undefined) are ignored and logged once per method; a throw is logged instead of escaping.
 */
export function safeNotification<P>(connection: Connection, what: string, fn: (params: P) => void, valid?: (params: unknown) => string | undefined): (params: P) => void {
  let warned = false;
  return (params: P) => {
    const problem = valid?.(params);
    if (problem !== undefined) {
      if (!warned) {
        warned = true;
        connection.console.warn(`${what}: ignored a notification whose ${problem} (further ones are ignored silently)`);
      }
      return;
    }
    try {
      fn(params);
    } catch (e) {
      connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  };
}
