/**
 * Counts the work a piece of code does, so tests can hold it to linear time without a clock.
 *
 * While `measure` runs its function, the scanning primitives of strings, arrays and regular
 * expressions are wrapped: each call adds what it touches (the characters an `indexOf` scans, the
 * length of a `split` or of an array's `slice`, the callbacks a `find` runs, the elements a `for…of` loop or a
 * spread visits, the input a regular expression is run on). Loops written with an index and
 * property reads are not seen, so the meter undercounts; what it counts grows with the work done,
 * which is what a ratio between two input sizes needs. Regular expressions are counted by the
 * length of their input; that they run in linear time on it is checked separately
 * (test/unit/regex-review.test.ts).
 *
 * Everything is restored when `measure` returns, even if the function throws.
 */

type AnyFn = (this: unknown, ...args: unknown[]) => unknown;

let count = 0;
let active = false;
/** Work by primitive, kept only when `measure` is asked for it (to find what grows). */
let byName: Map<string, number> | undefined;

function charge(name: string, n: number): void {
  count += n;
  if (byName) byName.set(name, (byName.get(name) ?? 0) + n);
}

function len(x: unknown): number {
  return typeof x === 'string' || Array.isArray(x) ? x.length : 0;
}

/** Per-method cost, from the receiver's length (before the call), the arguments and the result. */
type Cost = (size: number, args: unknown[], result: unknown) => number;

const scanFrom: Cost = (size, args, result) => {
  const from = typeof args[1] === 'number' ? Math.max(0, args[1]) : 0;
  const found = typeof result === 'number' && result >= 0 ? result : size;
  return Math.max(1, found - from + 1);
};
const scanBack: Cost = (size, args, result) => {
  const from = typeof args[1] === 'number' ? Math.min(size, args[1]) : size;
  const found = typeof result === 'number' && result >= 0 ? result : 0;
  return Math.max(1, from - found + 1);
};
const whole: Cost = (size) => size + 1;
const output: Cost = (_self, _args, result) => len(result) + 1;
const one: Cost = () => 1;

const STRING_COSTS: Record<string, Cost> = {
  indexOf: scanFrom,
  lastIndexOf: scanBack,
  includes: whole,
  startsWith: (_s, a) => len(a[0]) + 1,
  endsWith: (_s, a) => len(a[0]) + 1,
  // V8 makes a slice of a long string a view into it, in constant time; copying comes later, when
  // something reads the characters (and is counted there).
  slice: one,
  substring: one,
  substr: one,
  split: whole,
  trim: whole,
  trimStart: whole,
  trimEnd: whole,
  toLowerCase: whole,
  toUpperCase: whole,
  normalize: whole,
  repeat: output,
  padStart: output,
  padEnd: output,
  concat: output,
  replace: whole,
  replaceAll: whole,
  match: whole,
  matchAll: whole,
  search: whole,
  localeCompare: whole,
  charCodeAt: one,
  codePointAt: one,
  charAt: one,
  at: one,
};

const ARRAY_COSTS: Record<string, Cost> = {
  indexOf: scanFrom,
  lastIndexOf: scanBack,
  includes: whole,
  filter: whole,
  map: whole,
  forEach: whole,
  reduce: whole,
  reduceRight: whole,
  flatMap: whole,
  join: whole,
  slice: output,
  concat: output,
  splice: (size, a) => Math.max(1, size - (typeof a[0] === 'number' ? Math.max(0, a[0]) : 0)),
  shift: whole,
  unshift: whole,
  reverse: whole,
  sort: (n) => (n < 2 ? 1 : Math.ceil(n * Math.log2(n))),
  fill: whole,
};

/** `find` and its kind stop early: they cost the callbacks they run. */
const ARRAY_SEARCHES = ['find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every'];

interface Patch {
  target: object;
  key: PropertyKey;
  original: unknown;
}

function install(): Patch[] {
  const patches: Patch[] = [];
  const wrap = (target: object, key: PropertyKey, make: (original: AnyFn) => AnyFn): void => {
    const original = (target as Record<PropertyKey, unknown>)[key];
    if (typeof original !== 'function') return;
    patches.push({ target, key, original });
    Object.defineProperty(target, key, { value: make(original as AnyFn), writable: true, configurable: true, enumerable: false });
  };
  for (const [name, cost] of Object.entries(STRING_COSTS)) {
    wrap(String.prototype, name, (original) => function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      if (active) charge(`String.${name}`, cost(String(this).length, args, result));
      return result;
    });
  }
  for (const [name, cost] of Object.entries(ARRAY_COSTS)) {
    wrap(Array.prototype, name, (original) => function (this: unknown, ...args: unknown[]) {
      const before = len(this);
      const result = original.apply(this, args);
      if (active) charge(`Array.${name}`, cost(before, args, result));
      return result;
    });
  }
  for (const name of ARRAY_SEARCHES) {
    wrap(Array.prototype, name, (original) => function (this: unknown, ...args: unknown[]) {
      const cb = args[0] as AnyFn;
      if (typeof cb !== 'function') return original.apply(this, args);
      const counted = function (this: unknown, ...a: unknown[]) {
        if (active) charge(`Array.${name}`, 1);
        return cb.apply(this, a);
      };
      return original.apply(this, [counted, ...args.slice(1)]);
    });
  }
  // `for…of` and spreads over arrays.
  wrap(Array.prototype, Symbol.iterator, (original) => function (this: unknown) {
    const it = original.call(this) as Iterator<unknown>;
    return {
      next() {
        if (active) charge('for-of', 1);
        return it.next();
      },
      [Symbol.iterator]() {
        return this;
      },
    };
  });
  for (const name of ['exec', 'test']) {
    wrap(RegExp.prototype, name, (original) => function (this: unknown, ...args: unknown[]) {
      const re = this as RegExp;
      const input = String(args[0]);
      const from = re.global || re.sticky ? Math.min(re.lastIndex, input.length) : 0;
      const result = original.apply(this, args);
      if (active) {
        // A match scanned up to its end (a search from `from` tries each start before it); a
        // failure scanned the rest of the input.
        let to = input.length;
        if (result) {
          if (re.global || re.sticky) to = re.lastIndex;
          else if (name === 'exec') {
            const m = result as RegExpExecArray;
            to = m.index + m[0].length;
          }
        }
        charge(`RegExp.${name}`, Math.max(0, to - from) + 1);
      }
      return result;
    });
  }
  wrap(JSON, 'stringify', (original) => function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    if (active) charge('JSON.stringify', len(result) + 1);
    return result;
  });
  return patches;
}

/**
 * Runs `fn` and returns the work it did (see the module comment for what counts). With
 * `breakdown`, the work of each primitive is added to it (to see which one grows).
 */
export function measure(fn: () => void, breakdown?: Map<string, number>): number {
  const patches = install();
  count = 0;
  byName = breakdown;
  active = true;
  try {
    fn();
  } finally {
    active = false;
    byName = undefined;
    for (let i = patches.length - 1; i >= 0; i--) {
      const p = patches[i]!;
      Object.defineProperty(p.target, p.key, { value: p.original, writable: true, configurable: true, enumerable: false });
    }
  }
  return count;
}

/**
 * The work of `run(make(n))` and `run(make(4n))`, and their ratio: about 4 for linear work, 16 for
 * quadratic. The inputs are built before the meter starts.
 */
export function growth(make: (n: number) => string, run: (input: string) => void, n: number): { small: number; large: number; ratio: number } {
  const a = make(n);
  const b = make(4 * n);
  run(a); // warm caches (schemas compiled on first use, and the like) outside the measurement
  const small = measure(() => run(a));
  const large = measure(() => run(b));
  return { small, large, ratio: large / Math.max(1, small) };
}
