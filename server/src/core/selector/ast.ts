/**
 * Syntax tree of a parsed Calico selector, and the walks over it that do not depend on labels:
 * Calico's canonical string form and the list of label names used.
 *
 * Invariants:
 * - Trees are immutable once the parser returns them.
 * - `and` and `or` nodes always have at least two operands; a group of one is represented by
 *   that operand itself, as Calico does.
 * - `in` / `notIn` value lists are sorted in Unicode code point order (the same order as Go's
 *   byte-wise comparison of UTF-8 strings) and hold no duplicates.
 * - `start` / `end` are UTF-16 offsets into the parsed text. A negation starts at its first `!`.
 *   A run of `!`s that cancels out leaves no node behind, so the operand keeps its own span.
 * - Nesting can be arbitrarily deep (Calico has no limit), so nothing here recurses: every walk
 *   uses an explicit stack and cannot overflow the JavaScript call stack.
 */

interface NodeBase {
  readonly start: number;
  readonly end: number;
}

/** `all()`, and also what an empty or blank selector means. Matches everything. */
export interface AllNode extends NodeBase {
  readonly kind: 'all';
}

/** `global()`: matches everything; the policy validator restricts where it may appear. */
export interface GlobalNode extends NodeBase {
  readonly kind: 'global';
}

/** Fields shared by every node that tests one label. */
interface LabelNodeBase extends NodeBase {
  readonly label: string;
  /** Offsets of the label name itself. */
  readonly labelStart: number;
  readonly labelEnd: number;
}

export interface HasNode extends LabelNodeBase {
  readonly kind: 'has';
}

export type CompareKind = 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith';

export interface CompareNode extends LabelNodeBase {
  readonly kind: CompareKind;
  readonly value: string;
}

export interface SetNode extends LabelNodeBase {
  readonly kind: 'in' | 'notIn';
  readonly values: readonly string[];
}

export interface NotNode extends NodeBase {
  readonly kind: 'not';
  readonly operand: SelectorNode;
}

export interface AndNode extends NodeBase {
  readonly kind: 'and';
  readonly operands: readonly SelectorNode[];
}

export interface OrNode extends NodeBase {
  readonly kind: 'or';
  readonly operands: readonly SelectorNode[];
}

export type LabelNode = HasNode | CompareNode | SetNode;
export type SelectorNode = AllNode | GlobalNode | LabelNode | NotNode | AndNode | OrNode;

export function isLabelNode(node: SelectorNode): node is LabelNode {
  return 'label' in node;
}

/**
 * Orders strings by Unicode code point, which is how Go orders strings (byte-wise over UTF-8).
 * JavaScript's `<` compares UTF-16 code units instead and disagrees when a character outside the
 * Basic Multilingual Plane meets one in U+E000..U+FFFF, so the code units are remapped first.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF, so they must sort after
    // U+E000..U+FFFF: move the surrogates above that range and shift it down to make room.
    x = x >= 0xe000 ? x - 0x800 : x >= 0xd800 ? x + 0x2000 : x;
    y = y >= 0xe000 ? y - 0x800 : y >= 0xd800 ? y + 0x2000 : y;
    return x - y;
  }
  return a.length - b.length;
}

/** Sorts and de-duplicates set members the way Calico stores them. Does not modify `values`. */
export function toSortedSet(values: readonly string[]): string[] {
  if (values.length <= 1) return values.slice();
  const sorted = values.slice().sort(compareCodePoints);
  const out = [sorted[0]!];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] !== out[out.length - 1]) out.push(sorted[i]!);
  }
  return out;
}

/** Calico quotes with `"` unless the text itself contains `"`; it then cannot contain `'`. */
function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

const COMPARE_SPELLING: Readonly<Record<CompareKind, string>> = {
  eq: ' == ',
  ne: ' != ',
  contains: ' contains ',
  startsWith: ' starts with ',
  endsWith: ' ends with ',
};

/** The canonical text of a node that has no children. */
function formatLeaf(node: Exclude<SelectorNode, NotNode | AndNode | OrNode>): string {
  switch (node.kind) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${node.label})`;
    case 'in':
    case 'notIn':
      return `${node.label} ${node.kind === 'in' ? 'in' : 'not in'} {${node.values.map(quote).join(', ')}}`;
    default:
      return node.label + COMPARE_SPELLING[node.kind] + quote(node.value);
  }
}

/**
 * Calico's canonical `String()` form: `and`/`or` groups are always parenthesised with single
 * spaces around the operator, a negation is a bare `!` before its operand (no parentheses are
 * added, because `!` binds to a whole operation anyway), set members are sorted and joined by
 * `", "`, and every value is re-quoted with `"` unless it contains `"`.
 */
export function formatSelector(root: SelectorNode): string {
  const out: string[] = [];
  const pending: Array<SelectorNode | string> = [root];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    switch (item.kind) {
      case 'not':
        out.push('!');
        pending.push(item.operand);
        break;
      case 'and':
      case 'or': {
        const separator = item.kind === 'and' ? ' && ' : ' || ';
        out.push('(');
        pending.push(')');
        for (let k = item.operands.length - 1; k >= 1; k--) {
          pending.push(item.operands[k]!, separator);
        }
        pending.push(item.operands[0]!);
        break;
      }
      default:
        out.push(formatLeaf(item));
    }
  }
  return out.join('');
}

/** The same tree with every label name prefixed (`k == 'v'` becomes `<prefix>k == 'v'`). */
export function prefixLabels(root: SelectorNode, prefix: string): SelectorNode {
  return foldTree<SelectorNode>(root, (node, children) => {
    switch (node.kind) {
      case 'not':
        return { ...node, operand: children[0]! };
      case 'and':
      case 'or':
        return { ...node, operands: children };
      case 'all':
      case 'global':
        return node;
      default:
        return { ...node, label: prefix + node.label };
    }
  });
}

/** Every node of the tree in source (pre-)order, without recursion. */
export function* walkNodes(root: SelectorNode): Generator<SelectorNode> {
  const pending: SelectorNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    yield node;
    if (node.kind === 'not') {
      pending.push(node.operand);
    } else if (node.kind === 'and' || node.kind === 'or') {
      for (let k = node.operands.length - 1; k >= 0; k--) pending.push(node.operands[k]!);
    }
  }
}

/** The distinct label names the selector tests, in order of first appearance. */
export function collectLabelKeys(root: SelectorNode): string[] {
  const seen = new Set<string>();
  for (const node of walkNodes(root)) {
    if (isLabelNode(node)) seen.add(node.label);
  }
  return [...seen];
}

/**
 * Folds the tree bottom-up without recursion: `combine` receives each node together with the
 * results already computed for its children (none for leaves, one for `not`).
 */
export function foldTree<T>(root: SelectorNode, combine: (node: SelectorNode, children: T[]) => T): T {
  interface Frame {
    node: SelectorNode;
    children: readonly SelectorNode[];
    results: T[];
  }
  const childrenOf = (node: SelectorNode): readonly SelectorNode[] =>
    node.kind === 'not' ? [node.operand] : node.kind === 'and' || node.kind === 'or' ? node.operands : [];
  const stack: Frame[] = [{ node: root, children: childrenOf(root), results: [] }];
  for (;;) {
    const frame = stack[stack.length - 1]!;
    if (frame.results.length < frame.children.length) {
      const child = frame.children[frame.results.length]!;
      stack.push({ node: child, children: childrenOf(child), results: [] });
      continue;
    }
    const value = combine(frame.node, frame.results);
    stack.pop();
    if (stack.length === 0) return value;
    stack[stack.length - 1]!.results.push(value);
  }
}
