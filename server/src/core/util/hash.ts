/**
 * Order-independent fingerprints of multisets of strings, for caches that must survive an edit
 * which removes a resource and adds back one with the same content (a comment typed into a
 * document re-analyses it, and its resources come back as new objects with shifted spans).
 *
 * A set's fingerprint is the sum, modulo 2^32 in each of two lanes, of its members' 64-bit
 * hashes (FNV-1a with two different offset bases): adding and removing a member are exact
 * inverses, so the fingerprint depends only on the multiset, never on the order of edits.
 * Two different multisets share a fingerprint with probability about 2^-64 per comparison.
 */

export interface Fingerprint {
  a: number;
  b: number;
}

/** Two independent 32-bit FNV-1a hashes of the UTF-16 code units of `text`. */
export function hash64(text: string): Fingerprint {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  // A final avalanche keeps similar strings from giving sums that cancel.
  return { a: mix(a) >>> 0, b: mix(b ^ 0x9e3779b9) >>> 0 };
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

export function emptyFingerprint(): Fingerprint {
  return { a: 0, b: 0 };
}

/** Adds (`sign` 1) or removes (`sign` -1) one member's hash. */
export function fold(into: Fingerprint, h: Fingerprint, sign: 1 | -1): void {
  into.a = (into.a + sign * h.a) >>> 0;
  into.b = (into.b + sign * h.b) >>> 0;
}

export function sameFingerprint(x: Fingerprint, y: Fingerprint): boolean {
  return x.a === y.a && x.b === y.b;
}
