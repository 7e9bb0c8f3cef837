/**
 * `missing-value`: a field Calico's validator requires (`required`) is missing or empty, although
 * the CRD schema does not list it as required. BGP communities need a `name` and a `value`; prefix
 * advertisements need a `cidr` and a `communities` list; a CalicoNodeStatus needs `node`, `classes`
 * and `updatePeriodSeconds`.
 *
 * A missing field is reported on the first key of the mapping that lacks it (or on `spec`), an
 * empty one on its value.
 */
import type { ResourceContext, ResourceRule } from '../types';
import type { YNode } from '../../yaml/tree';
import { at, keyAt, present, select } from './walk';

const CODE = 'missing-value';

/** [path of the owning mappings, keys they require]. */
const FIELDS: Record<string, ReadonlyArray<readonly [string, readonly string[]]>> = {
  BGPConfiguration: [
    ['spec.communities[*]', ['name', 'value']],
    ['spec.prefixAdvertisements[*]', ['cidr', 'communities']],
  ],
  CalicoNodeStatus: [['spec', ['node', 'classes', 'updatePeriodSeconds']]],
};

const WHY: Record<string, string> = {
  name: 'a community needs a name that prefix advertisements can refer to',
  value: "a community needs a value such as '65001:100'",
  cidr: 'a prefix advertisement needs the CIDR it applies to',
  communities: 'a prefix advertisement needs the list of communities to attach',
  node: 'the status must name the node to report on',
  classes: 'the status must list the classes to report (Agent, BGP, Routes)',
  updatePeriodSeconds: 'the status must say how often to update (0 means once)',
};

/** Keys whose empty string only Calico's validator refuses. */
const EMPTY_IS_MISSING = new Set(['name', 'node']);

function check(ctx: ResourceContext): void {
  for (const [path, keys] of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const owner: YNode = hit.node;
      if (owner.kind !== 'map') continue;
      for (const key of keys) {
        const pair = present(owner, key);
        const data = { field: hit.path ? `${hit.path}.${key}` : key };
        if (!pair || !pair.value) {
          const anchor = hit.pair ? keyAt(hit.pair) : owner.pairs[0] ? keyAt(owner.pairs[0]) : at(owner);
          ctx.report(CODE, { ...anchor, message: `'${key}' is required here: ${WHY[key] ?? 'Calico requires it'}.`, data });
          continue;
        }
        const v = pair.value;
        // Empty values of the other keys already fail their schema pattern or format.
        if (EMPTY_IS_MISSING.has(key) && v.kind === 'scalar' && v.type === 'string' && v.value === '') {
          ctx.report(CODE, { ...at(v), message: `'${key}' must not be empty: ${WHY[key] ?? 'Calico requires a value'}.`, data });
        }
      }
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: "A field Calico's validator requires is missing or empty.",
  kinds: Object.keys(FIELDS),
  check,
};
