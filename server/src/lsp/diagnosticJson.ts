/**
 * The JSON of a file's published diagnostics, kept per document so that an edit costs what it
 * changed, not a conversion and serialisation of every diagnostic of the file.
 *
 * The core hands diagnostics document by document (`Workspace.publishedSlots`), each document's
 * list the same array while nothing in it changes. For each list this module keeps its JSON with
 * the positions left out: line/character pairs are holes, filled at publish time from where the
 * document (or the document a related span names) starts now. A position relative to its
 * document's start does not change while the document's text does not: the line is the start's
 * line plus a fixed count, the character is fixed too except on the document's first line, where
 * it is counted from the start's character.
 *
 * Invariant: the text produced is exactly `JSON.stringify` of the diagnostics `toLspDiagnostic`
 * makes from `Workspace.diagnostics` (a test compares them on edited files). A list that names
 * another file is not kept: it is converted afresh on each publish.
 */
import type { Diagnostic, PublishedSlot } from '../core';
import { toLspDiagnostic, type PositionMapper } from '../common/positions';

/** Stands for every position while a diagnostic is serialised; a JSON string cannot contain it unescaped. */
const HOLE = { line: -987654321, character: -987654321 };
const HOLE_JSON = JSON.stringify(HOLE);

const recorder: PositionMapper = {
  positionAt: () => HOLE,
  offsetAt: () => 0,
};

/** Same document as the list. */
const OWN = -1;

/** A list's JSON with holes: `pieces[i]` (UTF-8), then hole `i`, …, then the last piece. */
interface ListJson {
  pieces: Buffer[];
  /** Total bytes of `pieces`. */
  size: number;
  /** The other documents holes are relative to. */
  others: number[];
  /** Per hole: the slot id whose start it is relative to (`OWN`: the list's own), line delta, character. */
  holes: number[];
}

export interface PublishContext {
  uri: string;
  doc: PositionMapper;
  /** Where a document of the same file starts now (undefined: gone). */
  slotStart(slotId: number): number | undefined;
  docsUrl(code: string): string | undefined;
  mapperOf(file: string): PositionMapper | undefined;
  /** `Workspace.place`: a diagnostic of a list placed in the file. */
  place(d: Diagnostic, slotStart: number): Diagnostic;
}

export class DiagnosticJsonCache {
  private readonly lists = new WeakMap<readonly Diagnostic[], ListJson | null>();

  /**
   * `prefix`, the JSON of the file's diagnostics array, then `suffix`, as UTF-8, with `room`
   * spare bytes before and after it in the same memory (for `withRawJson`). Bytes kept per
   * document are copied into one buffer, not encoded again: a string of megabytes would be
   * flattened and encoded on every publish.
   */
  arrayJson(slots: readonly PublishedSlot[], ctx: PublishContext, prefix = '', suffix = '', room = 0): Buffer {
    // Each list once: kept (holes filled below) or, when it cannot be kept, converted now.
    const kept: Array<ListJson | Buffer> = [];
    let size = Buffer.byteLength(prefix, 'utf8') + Buffer.byteLength(suffix, 'utf8') + 2 + slots.length;
    for (const slot of slots) {
      let k = this.lists.get(slot.diagnostics);
      if (k === undefined) {
        k = build(slot, ctx);
        this.lists.set(slot.diagnostics, k);
      }
      if (k && holesPlaced(k, ctx)) {
        kept.push(k);
        size += k.size + (k.holes.length / 3) * MAX_HOLE;
      } else {
        const fresh = Buffer.from(slot.diagnostics.map((d) => JSON.stringify(toLspDiagnostic(ctx.doc, ctx.place(d, slot.start), ctx.uri, ctx.docsUrl, ctx.mapperOf))).join(','), 'utf8');
        kept.push(fresh);
        size += fresh.length;
      }
    }
    // Not from Node's shared pool: the spare bytes around the text must belong to nobody else.
    const out = Buffer.allocUnsafeSlow(size + 2 * room);
    const begin = room;
    let at = begin + out.write(prefix, begin, 'utf8');
    out[at++] = 0x5b; // [
    for (let i = 0; i < slots.length; i++) {
      if (i > 0) out[at++] = 0x2c; // ,
      const k = kept[i]!;
      at = Buffer.isBuffer(k) ? at + k.copy(out, at) : fill(k, slots[i]!, ctx, out, at);
    }
    out[at++] = 0x5d; // ]
    at += out.write(suffix, at, 'utf8');
    return out.subarray(begin, at);
  }
}

/** The most bytes one filled hole takes: `{"line":N,"character":N}` (22) with two 10-digit numbers. */
const MAX_HOLE = 42;

/** Whether every document the list's related spans name is still there. */
function holesPlaced(k: ListJson, ctx: PublishContext): boolean {
  for (const slotId of k.others) if (ctx.slotStart(slotId) === undefined) return false;
  return true;
}

type Position = { line: number; character: number };

/** Position of `offset` (in the file) relative to `base` (a document's start), as three hole entries. */
function pushHole(holes: number[], doc: PositionMapper, slotId: number, base: Position, offset: number): void {
  const p = doc.positionAt(offset);
  const lines = p.line - base.line;
  holes.push(slotId, lines, lines === 0 ? p.character - base.character : p.character);
}

/** A list's JSON with holes, or null when it cannot be kept (it names another file). */
function build(slot: PublishedSlot, ctx: PublishContext): ListJson | null {
  const holes: number[] = [];
  const texts: string[] = [];
  const own = ctx.doc.positionAt(slot.start);
  // Where the documents related spans name start, each looked up once.
  const starts = new Map<number, { start: number; at: Position }>();
  for (const d of slot.diagnostics) {
    pushHole(holes, ctx.doc, OWN, own, slot.start + d.start);
    pushHole(holes, ctx.doc, OWN, own, slot.start + d.end);
    for (const r of d.related ?? []) {
      if (r.file !== undefined || (r.at !== undefined && r.at.fileId !== ctx.uri)) return null;
      if (r.at === undefined) {
        pushHole(holes, ctx.doc, OWN, own, slot.start + r.start);
        pushHole(holes, ctx.doc, OWN, own, slot.start + r.end);
        continue;
      }
      let target = starts.get(r.at.slotId);
      if (!target) {
        const start = ctx.slotStart(r.at.slotId);
        if (start === undefined) return null;
        starts.set(r.at.slotId, (target = { start, at: ctx.doc.positionAt(start) }));
      }
      pushHole(holes, ctx.doc, r.at.slotId, target.at, target.start + r.start);
      pushHole(holes, ctx.doc, r.at.slotId, target.at, target.start + r.end);
    }
    // Related spans all lie in this file, so the recorder stands for every mapper asked.
    texts.push(JSON.stringify(toLspDiagnostic(recorder, d, ctx.uri, ctx.docsUrl, () => recorder)));
  }
  const pieces = texts.join(',').split(HOLE_JSON);
  // Every position the conversion asked for is one hole, in the same order.
  if (pieces.length !== holes.length / 3 + 1) return null;
  const bytes = pieces.map((p) => Buffer.from(p, 'utf8'));
  return { pieces: bytes, size: bytes.reduce((n, b) => n + b.length, 0), others: [...starts.keys()], holes };
}

/** Writes the list's JSON at `at` with its holes filled for where the documents are now; returns the end. */
function fill(kept: ListJson, slot: PublishedSlot, ctx: PublishContext, out: Buffer, at: number): number {
  const { pieces, holes } = kept;
  const own = ctx.doc.positionAt(slot.start);
  at = put(out, at, pieces[0]!);
  let lastSlot = OWN;
  let last = own;
  for (let i = 0, h = 0; h < holes.length; i++, h += 3) {
    const slotId = holes[h]!;
    let base = own;
    if (slotId !== OWN) {
      if (slotId !== lastSlot) {
        lastSlot = slotId;
        last = ctx.doc.positionAt(ctx.slotStart(slotId)!);
      }
      base = last;
    }
    const lines = holes[h + 1]!;
    const character = lines === 0 ? base.character + holes[h + 2]! : holes[h + 2]!;
    // `{"line":L,"character":C}`, written byte by byte: thousands of tiny native writes per
    // publish cost more than the copying itself.
    at = put(out, at, LINE);
    at = putInt(out, at, base.line + lines);
    at = put(out, at, CHARACTER);
    at = putInt(out, at, character);
    out[at++] = 0x7d; // }
    at = put(out, at, pieces[i + 1]!);
  }
  return at;
}

const LINE = Buffer.from('{"line":', 'latin1');
const CHARACTER = Buffer.from(',"character":', 'latin1');

/** Copies `b` to `out` at `at`; short ones in a loop (cheaper than a native call). */
function put(out: Buffer, at: number, b: Buffer): number {
  const n = b.length;
  if (n > 48) {
    out.set(b, at);
    return at + n;
  }
  for (let i = 0; i < n; i++) out[at + i] = b[i]!;
  return at + n;
}

/** Writes an integer's decimal digits (positions are never negative; anything else is written as text). */
function putInt(out: Buffer, at: number, n: number): number {
  if (!(n >= 0 && Number.isSafeInteger(n))) return at + out.write(String(n), at, 'latin1');
  if (n < 10) {
    out[at] = 0x30 + n;
    return at + 1;
  }
  let digits = 1;
  for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let i = digits - 1, x = n; i >= 0; i--, x = Math.floor(x / 10)) out[at + i] = 0x30 + (x % 10);
  return at + digits;
}
