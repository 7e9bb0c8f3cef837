/**
 * Finding what is under the cursor: the chain of keys and list indices from a document's root to
 * the innermost node whose span contains an offset, and whether the offset is on a key or a value.
 */
import type { YNode, YPair } from './tree';

export interface PathStep {
  /** Mapping key, or list index. */
  key: string | number;
  node: YNode;
  pair?: YPair;
}

export interface Located {
  /** Steps from the root (exclusive) to the innermost node. */
  path: PathStep[];
  /** The innermost node containing the offset. */
  node: YNode;
  /** Set when the offset is on a mapping key: the pair that key belongs to. */
  onKey?: YPair;
}

function contains(n: { start: number; end: number }, offset: number): boolean {
  return n.start <= offset && offset <= n.end;
}

/** Locates `offset` in the tree rooted at `root` (undefined when outside it). */
export function locate(root: YNode | null, offset: number): Located | undefined {
  if (!root || !contains(root, offset)) return undefined;
  const path: PathStep[] = [];
  let node: YNode = root;
  for (;;) {
    if (node.kind === 'map') {
      let next: YNode | undefined;
      for (const p of node.pairs) {
        if (p.merged) continue;
        if (contains(p.key, offset) && p.keyText !== null) {
          path.push({ key: p.keyText, node: p.value ?? p.key, pair: p });
          return { path, node: p.value ?? p.key, onKey: p };
        }
        if (p.value && contains(p.value, offset) && p.keyText !== null && !p.value.via) {
          path.push({ key: p.keyText, node: p.value, pair: p });
          next = p.value;
          break;
        }
      }
      if (!next) return { path, node };
      node = next;
    } else if (node.kind === 'seq') {
      const i = node.items.findIndex((it) => contains(it, offset) && !it.via);
      if (i === -1) return { path, node };
      path.push({ key: i, node: node.items[i]! });
      node = node.items[i]!;
    } else return { path, node };
  }
}

/** `spec.ingress[0].destination.ports` for a path. */
export function pathString(path: readonly PathStep[]): string {
  let out = '';
  for (const s of path) out += typeof s.key === 'number' ? `[${s.key}]` : out ? `.${s.key}` : s.key;
  return out;
}
