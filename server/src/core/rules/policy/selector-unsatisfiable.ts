/**
 * `selector-unsatisfiable` (warning): a policy or rule selector that no set of labels can match,
 * such as `app == 'a' && app == 'b'`, `has(role) && !has(role)` or `tier in {}`. Calico accepts
 * it, but a policy whose `selector` (or `namespaceSelector`, `serviceAccountSelector`) matches
 * nothing applies to no endpoint, and a rule whose peer selector matches nothing never matches a
 * packet: the author almost certainly meant something else (often `||` for `&&`).
 *
 * Only certain verdicts are reported: the check (`selector/satisfiability.ts`) is sound, bounded,
 * and answers "unknown" rather than guess. `notSelector` is left out: one that matches nothing
 * excludes nothing, which leaves the rule doing what it would do without it.
 */
import type { ResourceRule } from '../types';
import { parseSelector } from '../../selector';
import { checkSatisfiable } from '../../selector/satisfiability';
import { policySelectorFields } from '../../model/selector-fields';
import { scalarValueSpan } from '../../yaml/scalar-offsets';

export interface SelectorUnsatisfiableData {
  path: string;
  field: string;
}

export const rule: ResourceRule = {
  code: 'selector-unsatisfiable',
  severity: 'warning',
  origin: 'semantics',
  summary: 'A policy or rule selector that no set of labels can match, so the policy never applies or the rule never matches.',
  kinds: ['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy'],
  check(ctx) {
    for (const f of policySelectorFields(ctx.kind, ctx.root)) {
      if (f.field === 'notSelector') continue;
      const parsed = parseSelector(f.node.value as string);
      // An invalid selector is invalid-selector's; `all()` (and an empty one) matches everything.
      if (!parsed.ok || parsed.selector.isAll) continue;
      if (checkSatisfiable(parsed.selector.root).verdict !== 'unsatisfiable') continue;
      const effect = f.place === 'policy' ? 'the policy applies to no endpoint' : 'this rule never matches any traffic';
      const data: SelectorUnsatisfiableData = { path: f.path, field: f.field };
      ctx.report('selector-unsatisfiable', {
        // The selector's own text (inside quotes or a block scalar), or the alias that brings it.
        ...(f.node.via ?? scalarValueSpan(ctx.text, f.node, 0, (f.node.value as string).length)),
        message: `No set of labels can match this ${f.field}, so ${effect}. Check for contradictory terms (two values for one label, has() with !has(), an empty 'in {}'); '||' may have been meant for '&&'.`,
        data,
      });
    }
  },
};
