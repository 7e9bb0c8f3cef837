/**
 * Sending a message whose parameters are already serialised.
 *
 * A publish of a file with thousands of diagnostics is megabytes of JSON, and on an edit almost all
 * of it is what was sent before (`diagnosticJson.ts` keeps it per document). `withRawJson` gives
 * the parameters object of such a message its JSON text; the stdio transport's encoder
 * (`jsonEncoder`) then writes that text instead of serialising the object again.
 *
 * Invariants:
 * - what goes on the wire is byte for byte what vscode-jsonrpc's own encoder would write for the
 *   same message (`JSON.stringify(message, undefined, 0)`, UTF-8); a test compares the two;
 * - the raw text is fixed when the message is created, never read from state at encode time
 *   (the writer encodes later, after other messages may have been handled);
 * - without this encoder (another transport, a trace) the parameters object still reads as the
 *   right value: its properties are parsed from the same text on first read.
 */
import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from 'vscode-languageserver/node';

/** A parameters object's text, and how many spare bytes its creator left around it (see `withRawJson`). */
interface Raw {
  json: Buffer;
  room: number;
}

const rawParams = new WeakMap<object, Raw>();
// Stands for the parameters while the rest of the message is serialised; no method name or id
// contains it.
const MARKER = '\u0000calico raw params\u0000';
const MARKER_JSON = JSON.stringify(MARKER);

/**
 * A parameters object for `json` (the UTF-8 text of a JSON object with exactly the members `keys`,
 * in that order) that the encoder below writes as `json`. Its members are getters over the
 * parsed text, parsed on first read, so any other reader sees the same value.
 *
 * `room`: bytes of `json`'s memory, just before it and just after it, that nothing else uses; the
 * encoder writes the rest of the message there when it fits, instead of copying `json` (megabytes
 * copied into a new buffer for every message).
 */
export function withRawJson<T extends object>(json: Buffer, keys: readonly string[], room = 0): T {
  let parsed: Record<string, unknown> | undefined;
  const value = (): Record<string, unknown> => (parsed ??= JSON.parse(json.toString('utf8')) as Record<string, unknown>);
  const params: Record<string, unknown> = {};
  for (const k of keys) Object.defineProperty(params, k, { enumerable: true, get: () => value()[k] });
  rawParams.set(params, { json, room });
  return params as T;
}

/** The UTF-8 JSON of a message, as `Buffer.from(JSON.stringify(msg, undefined, 0))` gives it. */
export function messageBytes(msg: Message): Buffer {
  const params = (msg as { params?: unknown }).params;
  const raw = typeof params === 'object' && params !== null ? rawParams.get(params) : undefined;
  if (raw === undefined) return Buffer.from(JSON.stringify(msg, undefined, 0), 'utf8');
  // Splice the text where the parameters' serialisation would stand; the other members are
  // serialised as usual, in their own order.
  const shell = JSON.stringify({ ...msg, params: MARKER }, undefined, 0);
  const at = shell.indexOf(MARKER_JSON);
  if (at < 0) return Buffer.from(JSON.stringify(msg, undefined, 0), 'utf8');
  const before = Buffer.from(shell.slice(0, at), 'utf8');
  const after = Buffer.from(shell.slice(at + MARKER_JSON.length), 'utf8');
  const { json, room } = raw;
  if (before.length > room || after.length > room) return Buffer.concat([before, json, after]);
  const start = json.byteOffset - before.length;
  const whole = Buffer.from(json.buffer, start, before.length + json.length + after.length);
  before.copy(whole, 0);
  after.copy(whole, before.length + json.length);
  return whole;
}

const UTF8 = new Set(['utf-8', 'utf8']);

/** The `application/json` encoder of a stream writer, aware of `withRawJson` parameters. */
export const jsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(msg: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
    try {
      if (!UTF8.has(options.charset)) return Promise.resolve(Buffer.from(JSON.stringify(msg, undefined, 0), options.charset));
      return Promise.resolve(messageBytes(msg));
    } catch (err) {
      return Promise.reject(err);
    }
  },
};
