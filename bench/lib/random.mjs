// Seeded pseudo-random numbers for the benchmark: the same seed always gives the same file, the
// same edit positions and the same mutations, so two runs (or two machines) measure the same work.
//
// The generator is a 32-bit "mulberry" mixer (a public-domain construction): tiny, fast and good
// enough for picking words and positions; it is not meant for anything statistical or secret.

/** Returns a function giving uniform floats in [0, 1) for `seed`. */
export function uniform(seed) {
  let state = (Number(seed) >>> 0) ^ 0x5bd1e995;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded source with the helpers the generators need. */
export class Random {
  constructor(seed) {
    this.next = uniform(seed);
  }

  /** Integer in [lo, hi], both inclusive. */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p) {
    return this.next() < p;
  }

  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Picks a value from `[[value, weight], ...]` with probability proportional to its weight. */
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  }

  /** Shuffles `list` in place (Fisher–Yates) and returns it. */
  shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  /** `k` distinct items of `list`, in random order. */
  sample(list, k) {
    return this.shuffle(list.slice()).slice(0, k);
  }

  /** `n` distinct values produced by `make` (gives up on duplicates after a few tries). */
  distinct(n, make) {
    const seen = new Set();
    for (let tries = 0; seen.size < n && tries < n * 10; tries++) seen.add(make());
    return [...seen];
  }
}
