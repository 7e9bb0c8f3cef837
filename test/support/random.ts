/**
 * The seeded PRNG of the property and fuzz tests (a 32-bit mixer): the same seed always replays
 * the same sequence, so a failing case is reproduced by its seed.
 */
export function random(seed: number) {
  let s = (seed >>> 0) ^ 0x2545f491;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
export type Rand = ReturnType<typeof random>;
