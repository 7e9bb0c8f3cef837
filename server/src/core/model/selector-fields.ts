/**
 * Every place a Calico policy resource holds a selector, with what Calico allows there.
 *
 * - Policy level: `selector` and `serviceAccountSelector` (all Calico policy kinds) and
 *   `namespaceSelector` (global kinds only; on namespaced kinds it is an unknown field).
 * - Rule entities (`source`/`destination`): `selector`, `notSelector`, `namespaceSelector` and
 *   `serviceAccounts.selector`.
 *
 * Only string values are returned: other types are reported by the schema layer.
 */
import type { YMap, YPair, YScalar } from '../yaml/tree';
import { getPair } from '../yaml/tree';
import { CALICO_POLICY_KINDS, GLOBAL_POLICY_KINDS, mapField, policyRules, ruleEntities } from './rule-fields';

export type SelectorPlace = 'policy' | 'entity';

export interface SelectorField {
  node: YScalar;
  pair: YPair;
  /** Field name as written: `selector`, `namespaceSelector`, `notSelector`, … */
  field: string;
  place: SelectorPlace;
  /** Human-readable path to the value. */
  path: string;
}

/** Appends the string value under `key` of `map`, if there is one, at path `prefix.field`. */
function stringField(map: YMap | undefined, key: string, field: string, place: SelectorPlace, prefix: string, out: SelectorField[]): void {
  const pair = getPair(map, key);
  const v = pair?.value;
  if (pair && v && v.kind === 'scalar' && v.type === 'string') out.push({ node: v, pair, field, place, path: `${prefix}.${field}` });
}

// Several rules walk the same resource's selectors; the list is computed once per resource tree.
const memo = new WeakMap<YMap, SelectorField[]>();
const TOP = ['selector', 'serviceAccountSelector'];
const TOP_GLOBAL = [...TOP, 'namespaceSelector'];
const ENTITY = ['selector', 'notSelector', 'namespaceSelector'];

/** The selector fields of a Calico policy resource of kind `kind`. */
export function policySelectorFields(kind: string, root: YMap): SelectorField[] {
  if (!CALICO_POLICY_KINDS.includes(kind)) return [];
  const known = memo.get(root);
  if (known) return known;
  const out: SelectorField[] = [];
  memo.set(root, out);
  const spec = mapField(root, 'spec');
  for (const field of GLOBAL_POLICY_KINDS.includes(kind) ? TOP_GLOBAL : TOP) stringField(spec, field, field, 'policy', 'spec', out);
  for (const rule of policyRules(root)) {
    for (const entity of ruleEntities(rule)) {
      for (const field of ENTITY) stringField(entity.node, field, field, 'entity', entity.path, out);
      const sa = mapField(entity.node, 'serviceAccounts');
      if (sa) stringField(sa, 'selector', 'serviceAccounts.selector', 'entity', entity.path, out);
    }
  }
  return out;
}
