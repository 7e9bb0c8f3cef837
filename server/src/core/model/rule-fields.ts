/**
 * Navigation helpers for Calico policy resources: which kinds carry Calico rules, the rules of a
 * policy, the two entity sides of a rule, and small accessors that read a field the way Calico's
 * Go types would see it.
 *
 * "Present" follows the CRD CEL `has()` test on the JSON Calico receives: a key whose value is YAML
 * null is dropped before validation, so it is absent. Every helper tolerates any shape: a rule that
 * is not a mapping, a list that is a mapping, and so on yield nothing rather than throwing.
 */
import { getPair, type YMap, type YNode, type YPair, type YScalar } from '../yaml/tree';

/** Kinds whose spec is a Calico policy (selector, types, ingress/egress Calico rules). */
export const CALICO_POLICY_KINDS: readonly string[] = ['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy'];

/** The cluster-scoped policy kinds (they also have a policy-level `namespaceSelector`). */
export const GLOBAL_POLICY_KINDS: readonly string[] = ['GlobalNetworkPolicy', 'StagedGlobalNetworkPolicy'];

/** Staged kinds (they have `spec.stagedAction`). */
export const STAGED_POLICY_KINDS: readonly string[] = ['StagedGlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedKubernetesNetworkPolicy'];

export type Direction = 'ingress' | 'egress';
export type Side = 'source' | 'destination';

export interface RuleRef {
  node: YMap;
  direction: Direction;
  index: number;
  /** Human-readable path, e.g. `spec.ingress[0]`. */
  path: string;
}

export interface EntityRef {
  node: YMap;
  /** The pair `source: …` / `destination: …` in the rule. */
  pair: YPair;
  side: Side;
  rule: RuleRef;
  path: string;
}

/** True when the node is YAML null (or missing), which Calico treats as an absent field. */
export function isNull(node: YNode | null | undefined): boolean {
  return !node || (node.kind === 'scalar' && node.type === 'null');
}

/** The pair for `key` when its value is present (not null), as CEL's `has()` sees it. */
export function presentPair(map: YNode | null | undefined, key: string): YPair | undefined {
  const p = getPair(map, key);
  return p && !isNull(p.value) ? p : undefined;
}

/** The mapping under `key`, if the value is a mapping. */
export function mapField(map: YNode | null | undefined, key: string): YMap | undefined {
  const v = getPair(map, key)?.value;
  return v && v.kind === 'map' ? v : undefined;
}

/** The string scalar under `key` (a JSON string), if it is one. */
export function stringScalar(map: YNode | null | undefined, key: string): YScalar | undefined {
  const v = getPair(map, key)?.value;
  return v && v.kind === 'scalar' && v.type === 'string' ? v : undefined;
}

/** Number of items of the list under `key` (0 when absent, null or not a list). */
export function listSize(map: YNode | null | undefined, key: string): number {
  const v = getPair(map, key)?.value;
  return v && v.kind === 'seq' ? v.items.length : 0;
}

/** True when the string field under `key` is present and non-empty (CEL `has(x) && size(x) > 0`). */
export function nonEmptyString(map: YNode | null | undefined, key: string): boolean {
  const s = stringScalar(map, key);
  return !!s && (s.value as string).length > 0;
}

// Most per-document rules walk a policy's rules, entities, ports and nets again: each list is
// built once per tree node and shared (trees are never changed after parsing, and callers only
// read the lists). The rules of a policy are kept by its root node; a rule's own lists live on
// the `RuleRef` this module made (one object per rule item, handed out only through
// `policyRules`), which costs a field read where a WeakMap lookup per rule and list cost more
// than the lists themselves, and leaves the collector no ephemerons to trace.
const rulesMemo = new WeakMap<YMap, readonly RuleRef[]>();

/** A `RuleRef` with its lists, each built on first use. */
interface MemoRuleRef extends RuleRef {
  entities: readonly EntityRef[] | undefined;
  portLists: readonly PortListRef[] | undefined;
  netLists: readonly NetListRef[] | undefined;
}

/** The rules of a Calico policy (`spec.ingress[*]` then `spec.egress[*]`) that are mappings. */
export function policyRules(root: YMap): readonly RuleRef[] {
  const known = rulesMemo.get(root);
  if (known) return known;
  const spec = mapField(root, 'spec');
  const out: RuleRef[] = [];
  rulesMemo.set(root, out);
  for (const direction of ['ingress', 'egress'] as const) {
    const list = getPair(spec, direction)?.value;
    if (!list || list.kind !== 'seq') continue;
    list.items.forEach((item, index) => {
      if (item.kind === 'map') {
        const ref: MemoRuleRef = { node: item, direction, index, path: `spec.${direction}[${index}]`, entities: undefined, portLists: undefined, netLists: undefined };
        out.push(ref);
      }
    });
  }
  return out;
}

/** The `source` and `destination` entities of a rule that are mappings. */
export function ruleEntities(rule: RuleRef): readonly EntityRef[] {
  const memo = rule as MemoRuleRef;
  if (memo.entities) return memo.entities;
  const out: EntityRef[] = [];
  memo.entities = out;
  for (const side of ['source', 'destination'] as const) {
    const pair = getPair(rule.node, side);
    if (pair?.value && pair.value.kind === 'map') out.push({ node: pair.value, pair, side, rule, path: `${rule.path}.${side}` });
  }
  return out;
}

/** A span covering a pair's key (for "this field is not allowed here" findings). */
export function keySpan(pair: YPair): { start: number; end: number } {
  return { start: pair.key.start, end: pair.key.end };
}

/** A span covering a node as the user wrote it (the alias when it came through one). */
export function nodeSpan(node: YNode): { start: number; end: number } {
  return node.via ?? { start: node.start, end: node.end };
}

/** One `ports` / `notPorts` list of a rule entity. */
export interface PortListRef {
  pair: YPair;
  items: YNode[];
  field: 'ports' | 'notPorts';
  entity: EntityRef;
  path: string;
}

/** The port lists of a rule, in Calico's order: source ports, source notPorts, destination… */
export function rulePortLists(rule: RuleRef): readonly PortListRef[] {
  const memo = rule as MemoRuleRef;
  if (memo.portLists) return memo.portLists;
  const out: PortListRef[] = [];
  memo.portLists = out;
  for (const entity of ruleEntities(rule)) {
    for (const field of ['ports', 'notPorts'] as const) {
      const pair = getPair(entity.node, field);
      if (pair?.value && pair.value.kind === 'seq') out.push({ pair, items: pair.value.items, field, entity, path: `${entity.path}.${field}` });
    }
  }
  return out;
}

/** One `nets` / `notNets` list of a rule entity. */
export interface NetListRef {
  pair: YPair;
  items: YNode[];
  field: 'nets' | 'notNets';
  entity: EntityRef;
  path: string;
}

/** The CIDR lists of a rule in Calico's scan order: source nets, source notNets, destination… */
export function ruleNetLists(rule: RuleRef): readonly NetListRef[] {
  const memo = rule as MemoRuleRef;
  if (memo.netLists) return memo.netLists;
  const out: NetListRef[] = [];
  memo.netLists = out;
  for (const entity of ruleEntities(rule)) {
    for (const field of ['nets', 'notNets'] as const) {
      const pair = getPair(entity.node, field);
      if (pair?.value && pair.value.kind === 'seq') out.push({ pair, items: pair.value.items, field, entity, path: `${entity.path}.${field}` });
    }
  }
  return out;
}
