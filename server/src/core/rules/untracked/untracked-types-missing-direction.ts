/**
 * `untracked-types-missing-direction` (warning): an untracked policy whose explicit `types` leaves
 * out a direction it has rules for. Calico accepts it but ignores those rules, and for stateless
 * policy that usually means the reply rules are ignored. The safe fix adds the direction.
 */
import type { ResourceRule } from '../types';
import { getValue } from '../../yaml/tree';
import { GLOBAL_POLICY_KINDS, readFlags, ruleList } from './common';

export interface TypesMissingData {
  missing: 'Ingress' | 'Egress';
  /** Where the policy starts in its document (`types` may be written elsewhere, through a merge). */
  resource?: number;
}

export const rule: ResourceRule = {
  code: 'untracked-types-missing-direction',
  severity: 'warning',
  origin: 'semantics',
  summary: "An untracked policy's types leave out a direction it has rules for, so those rules are ignored.",
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || !f.isDoNotTrack) return;
    const types = getValue(f.spec, 'types');
    if (!types || types.kind !== 'seq' || types.items.length === 0) return;
    if (!types.items.every((t) => t.kind === 'scalar' && t.type === 'string')) return;
    const listed = new Set(types.items.map((t) => (t.kind === 'scalar' ? String(t.value) : '')));
    for (const [direction, type] of [['ingress', 'Ingress'], ['egress', 'Egress']] as const) {
      if (listed.has(type) || ruleList(f.spec, direction).length === 0) continue;
      const data: TypesMissingData = { missing: type, resource: ctx.root.start };
      ctx.report('untracked-types-missing-direction', {
        start: types.start,
        end: types.end,
        message: `'types' does not list '${type}', so Calico ignores the ${direction} rules of this untracked policy${direction === 'egress' ? ' and replies to allowed ingress traffic are dropped' : ''}. Add '${type}' to 'types'.`,
        data,
      });
    }
  },
};
