/**
 * Evaluation of a selector tree against a set of labels, following Calico's semantics:
 * - `==`, `contains`, `starts with`, `ends with` and `in` are false when the label is absent;
 *   `!=` and `not in` are TRUE when it is absent (unlike "the label exists and differs").
 * - `all()` and `global()` match everything, including an empty label set.
 * - Comparisons are exact and case-sensitive; an empty string is a value like any other, so
 *   `a contains ""` holds for every object that has label `a`.
 *
 * Invariants: evaluation is iterative (trees can be arbitrarily deep), short-circuits `&&` and
 * `||` like Calico, reads only the labels' own properties (so a label called `constructor` or
 * `__proto__` is never found on Object.prototype), and never throws for string-valued labels.
 */

import { compareCodePoints, type SelectorNode } from './ast';

export type Labels = Readonly<Record<string, string>>;

const hasOwn = Object.prototype.hasOwnProperty;

/** Membership in a sorted, de-duplicated value list; a linear scan wins for the usual tiny sets. */
function setContains(values: readonly string[], value: string): boolean {
  if (values.length <= 8) return values.includes(value);
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareCodePoints(values[mid]!, value);
    if (c === 0) return true;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

function evaluateLeaf(node: SelectorNode, labels: Labels): boolean {
  switch (node.kind) {
    case 'all':
    case 'global':
      return true;
    case 'has':
      return hasOwn.call(labels, node.label);
    case 'eq':
      return hasOwn.call(labels, node.label) && labels[node.label] === node.value;
    case 'ne':
      return !hasOwn.call(labels, node.label) || labels[node.label] !== node.value;
    case 'contains':
      return hasOwn.call(labels, node.label) && String(labels[node.label]).includes(node.value);
    case 'startsWith':
      return hasOwn.call(labels, node.label) && String(labels[node.label]).startsWith(node.value);
    case 'endsWith':
      return hasOwn.call(labels, node.label) && String(labels[node.label]).endsWith(node.value);
    case 'in':
      return hasOwn.call(labels, node.label) && setContains(node.values, String(labels[node.label]));
    case 'notIn':
      return !hasOwn.call(labels, node.label) || !setContains(node.values, String(labels[node.label]));
    default:
      // Composite nodes are handled by evaluateTree; reaching here would be a programming error.
      return false;
  }
}

/** Whether `labels` satisfy the selector tree rooted at `root`. */
export function evaluateTree(root: SelectorNode, labels: Labels): boolean {
  // Open composite nodes and, for each, the index of the operand being evaluated.
  const open: SelectorNode[] = [];
  const position: number[] = [];
  let node = root;
  let result = false;
  for (;;) {
    // Walk down the leftmost path to a leaf.
    for (;;) {
      if (node.kind === 'not') {
        open.push(node);
        position.push(0);
        node = node.operand;
      } else if (node.kind === 'and' || node.kind === 'or') {
        open.push(node);
        position.push(0);
        node = node.operands[0]!;
      } else {
        break;
      }
    }
    result = evaluateLeaf(node, labels);

    // Climb back up until some `&&`/`||` still has operands that can change the outcome.
    let descended = false;
    while (open.length > 0) {
      const top = open.length - 1;
      const parent = open[top]!;
      if (parent.kind === 'not') {
        result = !result;
      } else if (parent.kind === 'and' || parent.kind === 'or') {
        const decided = parent.kind === 'and' ? !result : result;
        const nextIndex = position[top]! + 1;
        if (!decided && nextIndex < parent.operands.length) {
          position[top] = nextIndex;
          node = parent.operands[nextIndex]!;
          descended = true;
          break;
        }
      }
      open.pop();
      position.pop();
    }
    if (!descended) return result;
  }
}
