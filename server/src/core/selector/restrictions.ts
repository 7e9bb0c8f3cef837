/**
 * Label restrictions: a lower bound, per label, on what any matching object's labels must look
 * like. For `a == "x" && has(b)` they say "a must be present with value x, b must be present".
 * Calico uses the same analysis for indexing; we use it to spot selectors that can never match
 * (for example `a == "x" && a == "y"`, or `has(a) && !has(a)`).
 *
 * The rules are Calico's (`LabelRestrictions()` in its selector AST), including its blind spots:
 * - Only `!has(x)` yields "must be absent"; any other negation gives no information.
 * - `!=`, `not in`, `all()` and `global()` give no information.
 * - `x in {}` only says "x must be present", although it can never match.
 * - Under `||` a label keeps a restriction only when every branch restricts it.
 *
 * Invariant: value lists are sorted in code point order and de-duplicated. An empty list is
 * meaningful ("no value can satisfy this") and differs from an absent list ("any value").
 */

import { compareCodePoints, foldTree, toSortedSet, type SelectorNode } from './ast';

export interface LabelRestriction {
  readonly mustBePresent: boolean;
  readonly mustBeAbsent: boolean;
  /** When defined, the label's value must be one of these; an empty list means it cannot match. */
  readonly mustHaveOneOfValues?: readonly string[];
}

type Restrictions = Map<string, LabelRestriction>;

/** Whether the restriction can be met by some label set. */
export function isSatisfiable(r: LabelRestriction): boolean {
  if (r.mustBePresent && r.mustBeAbsent) return false;
  return r.mustHaveOneOfValues === undefined || r.mustHaveOneOfValues.length > 0;
}

function intersect(a: readonly string[], b: readonly string[]): string[] {
  const inB = new Set(b);
  return a.filter((v) => inB.has(v));
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return toSortedSet([...a, ...b]);
}

function make(mustBePresent: boolean, mustBeAbsent: boolean, values?: readonly string[]): LabelRestriction {
  return values === undefined ? { mustBePresent, mustBeAbsent } : { mustBePresent, mustBeAbsent, mustHaveOneOfValues: values };
}

function andRestrictions(parts: Restrictions[]): Restrictions {
  const out: Restrictions = new Map();
  for (const part of parts) {
    for (const [label, r] of part) {
      const base = out.get(label);
      if (base === undefined) {
        out.set(label, r);
        continue;
      }
      let values = base.mustHaveOneOfValues;
      if (values === undefined) values = r.mustHaveOneOfValues;
      else if (r.mustHaveOneOfValues !== undefined) values = intersect(values, r.mustHaveOneOfValues);
      out.set(label, make(base.mustBePresent || r.mustBePresent, base.mustBeAbsent || r.mustBeAbsent, values));
    }
  }
  return out;
}

function orRestrictions(parts: Restrictions[]): Restrictions {
  const out: Restrictions = new Map(parts[0]);
  for (const part of parts.slice(1)) {
    for (const [label, r] of out) {
      const other = part.get(label);
      const present = r.mustBePresent && other !== undefined && other.mustBePresent;
      const absent = r.mustBeAbsent && other !== undefined && other.mustBeAbsent;
      let values: readonly string[] | undefined;
      if (present && r.mustHaveOneOfValues !== undefined && other!.mustHaveOneOfValues !== undefined) {
        // Either branch's values will do, so the allowed values are the union.
        values = union(r.mustHaveOneOfValues, other!.mustHaveOneOfValues);
      }
      if (present || absent) out.set(label, make(present, absent, values));
      else out.delete(label);
    }
  }
  return out;
}

/** Calico's label restrictions for the tree, keyed by label name (empty when there are none). */
export function computeLabelRestrictions(root: SelectorNode): ReadonlyMap<string, LabelRestriction> {
  return foldTree<Restrictions>(root, (node, children) => {
    switch (node.kind) {
      case 'eq':
        return new Map([[node.label, make(true, false, [node.value])]]);
      case 'in':
        // Calico keeps no value list for an empty set, so `x in {}` only requires presence.
        return new Map([[node.label, make(true, false, node.values.length > 0 ? node.values.slice() : undefined)]]);
      case 'has':
      case 'contains':
      case 'startsWith':
      case 'endsWith':
        return new Map([[node.label, make(true, false)]]);
      case 'not':
        return node.operand.kind === 'has' ? new Map([[node.operand.label, make(false, true)]]) : new Map();
      case 'and':
        return andRestrictions(children);
      case 'or':
        return orRestrictions(children);
      default:
        return new Map();
    }
  });
}

/** A stable plain-object view of restrictions, convenient for tests and JSON output. */
export function restrictionsToObject(
  restrictions: ReadonlyMap<string, LabelRestriction>,
): Record<string, LabelRestriction> {
  // Object.fromEntries defines own properties, so a label named `__proto__` stays an ordinary key.
  return Object.fromEntries([...restrictions.keys()].sort(compareCodePoints).map((key) => [key, restrictions.get(key)!]));
}
