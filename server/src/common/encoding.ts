/**
 * Turns a file's bytes into the text that is checked (by `calico-lint`, and by the language server
 * for the workspace files it reads from disk), and a fixed text back into bytes in the file's own
 * encoding.
 *
 * A file is UTF-16 when it starts with a UTF-16 byte order mark (little or big endian), and UTF-8
 * otherwise, with or without a UTF-8 mark. The mark is not part of the text: positions are counted
 * as an editor shows them, so a UTF-16 file and its UTF-8 twin get the same lines and columns, and
 * `encodeText` puts the mark back. For a file that decodes cleanly, `encodeText(decodeBytes(b))`
 * gives back exactly `b`, so a fix changes only the bytes of the text it edits.
 *
 * Bytes that are not valid in the file's encoding are replaced by U+FFFD for checking, and
 * `invalid` says where the first one is. Such a text must never be written back: the replacement
 * characters would overwrite the bytes the user had, on lines no fix touched.
 */

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text without its byte order mark. */
  text: string;
  encoding: Encoding;
  /** The file started with a byte order mark. */
  bom: boolean;
  /** Where the first byte that is not valid in `encoding` is (0-based byte offset, 1-based line). */
  invalid?: { offset: number; line: number };
}

const LF = 0x0a;
const CR = 0x0d;

/** The name people use for an encoding, for messages. */
export function encodingName(e: Encoding): string {
  return e === 'utf-8' ? 'UTF-8' : e === 'utf-16le' ? 'UTF-16 (little endian)' : 'UTF-16 (big endian)';
}

/**
 * Offset of the first byte of `b` (from `start`) that does not begin a well-formed UTF-8 sequence
 * (Unicode's table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated
 * sequence), or -1 when all of it is well formed. Only run on text the native decoder rejected.
 */
export function firstInvalidUtf8(b: Uint8Array, start = 0): number {
  const n = b.length;
  let i = start;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const x = i + k < n ? b[i + k]! : -1;
      if (k === 1 ? x < lo || x > hi : x < 0x80 || x > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Index of the first code unit of little-endian UTF-16 bytes `b` that is an unpaired surrogate,
 * or the index of a lone last byte, or -1 when all of it is well formed.
 */
function firstInvalidUtf16(b: Uint8Array): number {
  const units = b.length >> 1;
  const unit = (i: number): number => b[2 * i]! | (b[2 * i + 1]! << 8);
  for (let i = 0; i < units; i++) {
    const c = unit(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < units ? unit(i + 1) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return b.length % 2 === 1 ? units : -1;
}

/** 1-based line of position `to` among `count` units read by `at`, with CRLF, CR and LF each ending a line. */
function lineOf(at: (i: number) => number, to: number): number {
  let line = 1;
  for (let i = 0; i < to; i++) {
    const c = at(i);
    if (c === LF || (c === CR && (i + 1 >= to || at(i + 1) !== LF))) line++;
  }
  return line;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16Strict = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const utf16Lenient = new TextDecoder('utf-16le', { ignoreBOM: true });

export function decodeBytes(bytes: Uint8Array): DecodedText {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    const encoding: Encoding = b0 === 0xff ? 'utf-16le' : 'utf-16be';
    let body = bytes.subarray(2);
    if (encoding === 'utf-16be') {
      // Byte-swapped into little endian, which every Node build decodes (big endian needs ICU).
      const even = Buffer.from(body.subarray(0, body.length - (body.length % 2)));
      even.swap16();
      body = body.length % 2 === 0 ? even : Buffer.concat([even, body.subarray(body.length - 1)]);
    }
    try {
      return { text: utf16Strict.decode(body), encoding, bom: true };
    } catch {
      const unit = Math.max(0, firstInvalidUtf16(body));
      const le = body;
      const at = (i: number): number => le[2 * i]! | (le[2 * i + 1]! << 8);
      return { text: utf16Lenient.decode(body), encoding, bom: true, invalid: { offset: 2 + 2 * unit, line: lineOf(at, unit) } };
    }
  }
  const bom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: utf8Strict.decode(body), encoding: 'utf-8', bom };
  } catch {
    const bad = firstInvalidUtf8(body);
    const at = (i: number): number => body[i]!;
    return { text: utf8Lenient.decode(body), encoding: 'utf-8', bom, invalid: { offset: (bom ? 3 : 0) + Math.max(0, bad), line: lineOf(at, Math.max(0, bad)) } };
  }
}

/** The bytes of `text` in `encoding`, led by the byte order mark when `bom` is set. */
export function encodeText(text: string, encoding: Encoding, bom: boolean): Buffer {
  if (encoding === 'utf-8') {
    const body = Buffer.from(text, 'utf8');
    return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const body = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') body.swap16();
  const mark = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), body]) : body;
}
