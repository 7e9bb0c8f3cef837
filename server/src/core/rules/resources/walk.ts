/**
 * Small helpers the per-kind rules share to find fields and report on them.
 *
 * `select` follows a path such as `spec.ports[*].name` or `spec.bpfLogFilters{*}` through the YAML
 * tree and returns every node it reaches, with the mapping pair that holds it (so a rule can point at
 * the key) and the sequence index when the node is a list item.
 *
 * Invariants: nothing here throws, whatever the shape of the document; a path step that meets the
 * wrong kind of node (a scalar where a mapping was expected, a missing key) just yields nothing, so
 * rules never report on values whose shape the schema layer already rejected.
 */
import type { Finding, ResourceContext } from '../types';
import { spanOf, type YMap, type YNode, type YPair, type YScalar } from '../../yaml/tree';
import { quoteValue } from '../../util/strings';

export interface Hit {
  node: YNode;
  /** The pair whose value is `node`, when `node` is a mapping value. */
  pair?: YPair;
  /** The index when `node` is a list item. */
  index?: number;
  /** Path of this node, readable (`spec.ports[0].name`), for messages and data. */
  path: string;
}

function isNull(n: YNode | null | undefined): boolean {
  return !n || (n.kind === 'scalar' && n.type === 'null');
}

/** Every node reached by `path` from `root`; `[*]` walks list items, `{*}` mapping values. */
export function select(root: YNode | null | undefined, path: string): Hit[] {
  if (!root) return [];
  let hits: Hit[] = [{ node: root, path: '' }];
  for (const step of path.match(/\[\*\]|\{\*\}|[^.[{]+/g) ?? []) {
    const next: Hit[] = [];
    for (const h of hits) {
      const n = h.node;
      if (step === '[*]') {
        if (n.kind !== 'seq') continue;
        n.items.forEach((item, index) => {
          if (!isNull(item)) next.push({ node: item, index, path: `${h.path}[${index}]` });
        });
      } else if (step === '{*}') {
        if (n.kind !== 'map') continue;
        for (const p of n.pairs) {
          if (p.value && !isNull(p.value)) next.push({ node: p.value, pair: p, path: `${h.path}.${p.keyText ?? '?'}` });
        }
      } else {
        if (n.kind !== 'map') continue;
        const p = n.pairs.find((x) => x.keyText === step);
        if (p && p.value && !isNull(p.value)) next.push({ node: p.value, pair: p, path: h.path ? `${h.path}.${step}` : step });
      }
    }
    hits = next;
  }
  return hits;
}

/** The first node reached by `path`, if any. */
export function first(root: YNode | null | undefined, path: string): Hit | undefined {
  return select(root, path)[0];
}

/** The text of a scalar that JSON would carry as a string; undefined for other nodes. */
export function str(node: YNode | null | undefined): string | undefined {
  return node && node.kind === 'scalar' && node.type === 'string' ? (node.value as string) : undefined;
}

/** The number held by an integer scalar (floats that are whole count too); undefined otherwise. */
export function int(node: YNode | null | undefined): number | undefined {
  if (!node || node.kind !== 'scalar') return undefined;
  if ((node.type === 'integer' || node.type === 'float') && typeof node.value === 'number' && Number.isInteger(node.value)) return node.value;
  return undefined;
}

/** The boolean held by a boolean scalar. */
export function bool(node: YNode | null | undefined): boolean | undefined {
  return node && node.kind === 'scalar' && node.type === 'boolean' ? (node.value as boolean) : undefined;
}

/** The pair for `key` in a mapping, when its value is present and not null. */
export function present(map: YNode | null | undefined, key: string): YPair | undefined {
  if (!map || map.kind !== 'map') return undefined;
  const p = map.pairs.find((x) => x.keyText === key);
  return p && p.value && !isNull(p.value) ? p : undefined;
}

/**
 * A field counts as "set" the way Calico's CEL rules test it after Go's `omitempty`: present, not
 * null, and not an empty string or list. (`has(x) && size(x) > 0` in the CRDs.)
 */
export function nonEmpty(map: YNode | null | undefined, key: string): YPair | undefined {
  const p = present(map, key);
  if (!p || !p.value) return undefined;
  const v = p.value;
  if (v.kind === 'scalar' && v.type === 'string' && v.value === '') return undefined;
  if (v.kind === 'seq' && v.items.length === 0) return undefined;
  return p;
}

/** The resource's `spec` mapping, if it is one. */
export function specOf(ctx: ResourceContext): YMap | undefined {
  const s = present(ctx.root, 'spec')?.value;
  return s && s.kind === 'map' ? s : undefined;
}

/** Span of a node as the user wrote it (the alias when it came through one). */
export function at(node: YNode): { start: number; end: number } {
  return spanOf(node);
}

/** Span of a pair's key. */
export function keyAt(pair: YPair): { start: number; end: number } {
  return spanOf(pair.key);
}

/** Reports `message` on `node` under `code`. */
export function reportOn(ctx: ResourceContext, code: string, node: YNode, message: string, extra: Omit<Finding, 'start' | 'end' | 'message'> = {}): void {
  ctx.report(code, { ...at(node), message, ...extra });
}

/** Reports `message` on a pair's key under `code`. */
export function reportOnKey(ctx: ResourceContext, code: string, pair: YPair, message: string, extra: Omit<Finding, 'start' | 'end' | 'message'> = {}): void {
  ctx.report(code, { ...keyAt(pair), message, ...extra });
}

/** The scalar node itself, narrowed, when it is a string scalar. */
export function stringScalar(node: YNode | null | undefined): YScalar | undefined {
  return node && node.kind === 'scalar' && node.type === 'string' ? node : undefined;
}

/** Quotes a value for a message, shortening long ones. */
export function shown(value: string): string {
  return quoteValue(value);
}
