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

function stringPair(map: YMap | undefined, key: string): { pair: YPair; node: YScalar } | undefined {
  const pair = getPair(map, key);
  const v = pair?.value;
  return pair && v && v.kind === 'scalar' && v.type === 'string' ? { pair, node: v } : undefined;
}

// Several rules walk the same resource's selectors; the list is computed once per resource tree.
const memo = new WeakMap<YMap, SelectorField[]>();

/** The selector fields of a Calico policy resource of kind `kind`. */
export function policySelectorFields(kind: string, root: YMap): SelectorField[] {
  if (!CALICO_POLICY_KINDS.includes(kind)) return [];
  const known = memo.get(root);
  if (known) return known;
  const out: SelectorField[] = [];
  memo.set(root, out);
  const spec = mapField(root, 'spec');
  const top = ['selector', 'serviceAccountSelector', ...(GLOBAL_POLICY_KINDS.includes(kind) ? ['namespaceSelector'] : [])];
  for (const field of top) {
    const s = stringPair(spec, field);
    if (s) out.push({ ...s, field, place: 'policy', path: `spec.${field}` });
  }
  for (const rule of policyRules(root)) {
    for (const entity of ruleEntities(rule)) {
      for (const field of ['selector', 'notSelector', 'namespaceSelector']) {
        const s = stringPair(entity.node, field);
        if (s) out.push({ ...s, field, place: 'entity', path: `${entity.path}.${field}` });
      }
      const sa = stringPair(mapField(entity.node, 'serviceAccounts'), 'selector');
      if (sa) out.push({ ...sa, field: 'serviceAccounts.selector', place: 'entity', path: `${entity.path}.serviceAccounts.selector` });
    }
  }
  return out;
}
