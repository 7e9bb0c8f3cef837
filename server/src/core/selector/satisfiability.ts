/**
 * Can a selector match any label set at all? A sound check over Calico's selector tree: it says
 * `unsatisfiable` only when no label set whatsoever matches (`a == 'x' && a == 'y'`,
 * `has(a) && !has(a)`, `a in {}`), `satisfiable` only when it has built a label set that matches
 * (the `witness`), and `unknown` when its bounded work could not decide.
 *
 * Method. Negations are pushed down to the label tests (each node is folded for both polarities
 * at once, without recursion), giving tests that either require the label (`has`, `==`, `in`,
 * `contains`, `starts with`, `ends with`) or allow it to be absent (`!has`, `!=`, `not in`, and
 * the negated string tests), following Calico's semantics (`evaluate.ts`). A node's value is a
 * disjunction of "products": a product constrains each label independently, so it is satisfiable
 * exactly when each label's constraint is, and that is decided exactly (see `labelSatisfiable`).
 * `&&` multiplies products out and `||` concatenates them, dropping unsatisfiable ones.
 *
 * Bounds: a node keeps at most `MAX_PRODUCTS` products; beyond that they are joined into one
 * product that allows at least what each allowed (the join is an over-approximation, so an empty
 * result stays a proof), and the answer can then only be `unsatisfiable` or `unknown`. The
 * whole check stops with `unknown` after `WORK_BUDGET` label-constraint operations, so it is
 * linear in the selector's size with a constant cap, never exponential.
 *
 * Label values are treated as arbitrary strings: Kubernetes' rules for label values (63
 * characters, a restricted alphabet) would make more selectors unsatisfiable, and we do not claim
 * those.
 */
import { foldTree, type SelectorNode } from './ast';

const MAX_PRODUCTS = 32;
const WORK_BUDGET = 50_000;

/** What a conjunction of tests requires of one label. */
interface LabelConstraint {
  present: boolean;
  absent: boolean;
  /** When the label is present, its value is one of these (undefined: any value). */
  oneOf?: ReadonlySet<string>;
  /** When present, its value is none of these. */
  noneOf: ReadonlySet<string>;
  /** When present, its value contains / starts with / ends with each of these. */
  contains: readonly string[];
  starts: readonly string[];
  ends: readonly string[];
  /** When present, its value does not contain / start with / end with any of these. */
  notContains: readonly string[];
  notStarts: readonly string[];
  notEnds: readonly string[];
}

type Product = ReadonlyMap<string, LabelConstraint>;

interface Value {
  products: Product[];
  /** Some products were joined, so a non-empty list no longer proves a match exists. */
  approximate: boolean;
}

interface Both {
  pos: Value;
  neg: Value;
}

export type Satisfiability =
  | { verdict: 'unsatisfiable' }
  | { verdict: 'satisfiable'; witness: Record<string, string> }
  | { verdict: 'unknown' };

const EMPTY_SET: ReadonlySet<string> = new Set();
const NONE: readonly string[] = [];

function base(present: boolean, absent: boolean): LabelConstraint {
  return { present, absent, noneOf: EMPTY_SET, contains: NONE, starts: NONE, ends: NONE, notContains: NONE, notStarts: NONE, notEnds: NONE };
}

const TRUE: Value = { products: [new Map()], approximate: false };
const FALSE: Value = { products: [], approximate: false };

function single(label: string, c: LabelConstraint): Value {
  return labelSatisfiable(c) ? { products: [new Map([[label, c]])], approximate: false } : FALSE;
}

class OutOfBudget extends Error {}

class Checker {
  private work = 0;

  private spend(n: number): void {
    this.work += n;
    if (this.work > WORK_BUDGET) throw new OutOfBudget();
  }

  /** The value of a label test and of its negation. */
  leaf(node: SelectorNode): Both {
    switch (node.kind) {
      case 'all':
      case 'global':
        return { pos: TRUE, neg: FALSE };
      case 'has':
        return { pos: single(node.label, base(true, false)), neg: single(node.label, base(false, true)) };
      case 'eq':
      case 'ne': {
        const is = single(node.label, { ...base(true, false), oneOf: new Set([node.value]) });
        const isNot = single(node.label, { ...base(false, false), noneOf: new Set([node.value]) });
        return node.kind === 'eq' ? { pos: is, neg: isNot } : { pos: isNot, neg: is };
      }
      case 'in':
      case 'notIn': {
        const is = single(node.label, { ...base(true, false), oneOf: new Set(node.values) });
        const isNot = single(node.label, { ...base(false, false), noneOf: new Set(node.values) });
        return node.kind === 'in' ? { pos: is, neg: isNot } : { pos: isNot, neg: is };
      }
      case 'contains':
        return { pos: single(node.label, { ...base(true, false), contains: [node.value] }), neg: single(node.label, { ...base(false, false), notContains: [node.value] }) };
      case 'startsWith':
        return { pos: single(node.label, { ...base(true, false), starts: [node.value] }), neg: single(node.label, { ...base(false, false), notStarts: [node.value] }) };
      case 'endsWith':
        return { pos: single(node.label, { ...base(true, false), ends: [node.value] }), neg: single(node.label, { ...base(false, false), notEnds: [node.value] }) };
      default: {
        // Not a label test (cannot happen): allow everything, and claim nothing.
        const unknown: Value = { products: [new Map()], approximate: true };
        return { pos: unknown, neg: unknown };
      }
    }
  }

  or(values: readonly Value[]): Value {
    const products: Product[] = [];
    let approximate = false;
    for (const v of values) {
      approximate ||= v.approximate;
      for (const p of v.products) products.push(p);
    }
    this.spend(products.length);
    if (products.length <= MAX_PRODUCTS) return { products, approximate };
    return { products: [this.joinAll(products)], approximate: true };
  }

  and(values: readonly Value[]): Value {
    // The maps in `acc` are always this call's own (made here or by `meet`), so with one product
    // on each side the meet is made in place: a long `&&` chain costs its length, not its square.
    let acc: Value = { products: [new Map()], approximate: false };
    for (const v of values) {
      const products: Product[] = [];
      if (acc.products.length === 1 && v.products.length === 1) {
        const p = this.meetInto(acc.products[0] as Map<string, LabelConstraint>, v.products[0]!);
        if (p) products.push(p);
      } else {
        for (const a of acc.products) {
          for (const b of v.products) {
            this.spend(a.size);
            const p = this.meetInto(new Map(a), b);
            if (p) products.push(p);
          }
        }
      }
      acc = { products, approximate: acc.approximate || v.approximate };
      if (products.length === 0) return acc;
      if (products.length > MAX_PRODUCTS) acc = { products: [this.joinAll(products)], approximate: true };
    }
    return acc;
  }

  /** `out` (modified) and `b` at once; undefined when some label's constraint cannot be met. */
  private meetInto(out: Map<string, LabelConstraint>, b: Product): Product | undefined {
    for (const [label, c] of b) {
      this.spend(1);
      const d = out.get(label);
      const merged = d ? meetLabel(d, c) : c;
      if (d) this.spend(size(d) + size(c));
      if (!labelSatisfiable(merged)) return undefined;
      out.set(label, merged);
    }
    return out;
  }

  /** A product allowing at least what each of `products` allows (labels all of them constrain). */
  private joinAll(products: readonly Product[]): Product {
    let acc = products[0]!;
    for (let i = 1; i < products.length; i++) {
      const p = products[i]!;
      const out = new Map<string, LabelConstraint>();
      for (const [label, c] of acc) {
        const d = p.get(label);
        this.spend(1);
        if (!d) continue;
        this.spend(size(c) + size(d));
        out.set(label, joinLabel(c, d));
      }
      acc = out;
    }
    return acc;
  }
}

function size(c: LabelConstraint): number {
  return (c.oneOf?.size ?? 0) + c.noneOf.size + c.contains.length + c.starts.length + c.ends.length + c.notContains.length + c.notStarts.length + c.notEnds.length;
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  const out = new Set(a);
  for (const v of b) out.add(v);
  return out;
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const v of a) if (b.has(v)) out.add(v);
  return out;
}

function common(a: readonly string[], b: readonly string[]): readonly string[] {
  return a.filter((v) => b.includes(v));
}

function meetLabel(a: LabelConstraint, b: LabelConstraint): LabelConstraint {
  const c: LabelConstraint = {
    present: a.present || b.present,
    absent: a.absent || b.absent,
    noneOf: union(a.noneOf, b.noneOf),
    contains: a.contains.concat(b.contains),
    starts: a.starts.concat(b.starts),
    ends: a.ends.concat(b.ends),
    notContains: a.notContains.concat(b.notContains),
    notStarts: a.notStarts.concat(b.notStarts),
    notEnds: a.notEnds.concat(b.notEnds),
  };
  const oneOf = a.oneOf === undefined ? b.oneOf : b.oneOf === undefined ? a.oneOf : intersection(a.oneOf, b.oneOf);
  return oneOf === undefined ? c : { ...c, oneOf };
}

/** Weaker than both: whatever satisfies `a` or `b` satisfies the result. */
function joinLabel(a: LabelConstraint, b: LabelConstraint): LabelConstraint {
  const c: LabelConstraint = {
    present: a.present && b.present,
    absent: a.absent && b.absent,
    noneOf: intersection(a.noneOf, b.noneOf),
    contains: common(a.contains, b.contains),
    starts: common(a.starts, b.starts),
    ends: common(a.ends, b.ends),
    notContains: common(a.notContains, b.notContains),
    notStarts: common(a.notStarts, b.notStarts),
    notEnds: common(a.notEnds, b.notEnds),
  };
  return a.oneOf !== undefined && b.oneOf !== undefined ? { ...c, oneOf: union(a.oneOf, b.oneOf) } : c;
}

/** Whether a present value `v` meets every value condition of `c`. */
function valueOk(c: LabelConstraint, v: string): boolean {
  if (c.oneOf !== undefined && !c.oneOf.has(v)) return false;
  if (c.noneOf.has(v)) return false;
  for (const s of c.contains) if (!v.includes(s)) return false;
  for (const s of c.starts) if (!v.startsWith(s)) return false;
  for (const s of c.ends) if (!v.endsWith(s)) return false;
  for (const s of c.notContains) if (v.includes(s)) return false;
  for (const s of c.notStarts) if (v.startsWith(s)) return false;
  for (const s of c.notEnds) if (v.endsWith(s)) return false;
  return true;
}

/**
 * A value meeting `c`'s value conditions, or undefined when there is none. With a finite
 * `oneOf` the candidates are tried. Otherwise: every `starts` string must be a prefix of the
 * longest one `p`, every `ends` string a suffix of the longest one `s`; then the value
 * `p + z + c1 + z + … + z + s` (`z` a character that no condition mentions, repeated to step
 * around the finitely many `noneOf` values) contains exactly the substrings that every such value
 * must contain. So a negated test fails it only when it fails every value: `!contains q` when `q`
 * is inside some required string, `!starts with q` when `q` is a prefix of `p`, `!ends with q`
 * when it is a suffix of `s`.
 */
function valueFor(c: LabelConstraint): string | undefined {
  if (c.oneOf !== undefined) {
    for (const v of c.oneOf) if (valueOk(c, v)) return v;
    return undefined;
  }
  let p = '';
  for (const s of c.starts) {
    if (s.length > p.length) {
      if (!s.startsWith(p)) return undefined;
      p = s;
    } else if (!p.startsWith(s)) return undefined;
  }
  let e = '';
  for (const s of c.ends) {
    if (s.length > e.length) {
      if (!s.endsWith(e)) return undefined;
      e = s;
    } else if (!e.endsWith(s)) return undefined;
  }
  const z = freshCharacter(c);
  for (let k = 1; k <= c.noneOf.size + 1; k++) {
    const sep = z.repeat(k);
    const v = [p, ...c.contains, e].join(sep);
    if (valueOk(c, v)) return v;
    // Only `noneOf` can reject one of these and not the next (see above): without it, stop.
    if (c.noneOf.size === 0) return undefined;
  }
  return undefined;
}

/** A character that none of `c`'s strings contains (there are few strings, many characters). */
function freshCharacter(c: LabelConstraint): string {
  const used = new Set<number>();
  const note = (s: string): void => {
    for (let i = 0; i < s.length; i++) used.add(s.charCodeAt(i));
  };
  [c.contains, c.starts, c.ends, c.notContains, c.notStarts, c.notEnds].forEach((list) => list.forEach(note));
  c.noneOf.forEach(note);
  for (let code = 0x7a; ; code++) if (!used.has(code) && (code < 0xd800 || code > 0xdfff)) return String.fromCharCode(code);
}

/** Exact: can one label meet `c` (absent, or present with a suitable value)? */
function labelSatisfiable(c: LabelConstraint): boolean {
  if (!c.present) return true; // absent meets every test that allows absence
  if (c.absent) return false;
  return valueFor(c) !== undefined;
}

// Parsed selectors are shared (the parser caches by text), and a file repeats the same selectors
// in many policies: the verdict is kept per tree, which is immutable.
const verdicts = new WeakMap<SelectorNode, Satisfiability>();

/** Decides whether any label set matches the selector tree (see the module comment). */
export function checkSatisfiable(root: SelectorNode): Satisfiability {
  let v = verdicts.get(root);
  if (!v) verdicts.set(root, (v = decide(root)));
  return v;
}

function decide(root: SelectorNode): Satisfiability {
  const checker = new Checker();
  let result: Value;
  try {
    result = foldTree<Both>(root, (node, children) => {
      switch (node.kind) {
        case 'not':
          return { pos: children[0]!.neg, neg: children[0]!.pos };
        case 'and':
          return { pos: checker.and(children.map((c) => c.pos)), neg: checker.or(children.map((c) => c.neg)) };
        case 'or':
          return { pos: checker.or(children.map((c) => c.pos)), neg: checker.and(children.map((c) => c.neg)) };
        default:
          return checker.leaf(node);
      }
    }).pos;
  } catch (e) {
    if (e instanceof OutOfBudget) return { verdict: 'unknown' };
    throw e;
  }
  if (result.products.length === 0) return { verdict: 'unsatisfiable' };
  if (result.approximate) return { verdict: 'unknown' };
  const witness: Record<string, string> = {};
  for (const [label, c] of result.products[0]!) {
    if (!c.present) continue;
    const v = valueFor(c);
    if (v === undefined) return { verdict: 'unknown' }; // cannot happen: products are kept only when satisfiable
    Object.defineProperty(witness, label, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return { verdict: 'satisfiable', witness };
}
