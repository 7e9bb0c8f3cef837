/**
 * `global-selector-misplaced`: `global()` used where Calico does not allow it.
 *
 * `global()` selects non-namespaced resources and only makes sense in a rule's
 * `namespaceSelector`, where it must be the whole selector (spaces around it are fine). The CRDs'
 * CEL rules refuse any text containing `global(` in the policy `selector`, `serviceAccountSelector`
 * and (global policies) `namespaceSelector`, and in a rule's `selector`; Calico's validator refuses
 * a rule `namespaceSelector` that mentions `global(` but is not exactly `global()`. Both checks
 * are textual, so even a quoted value such as `a == "global("` counts. A rule's `notSelector` and
 * `serviceAccounts.selector` are not checked by Calico.
 */
import type { ResourceRule } from '../types';
import { isBareGlobal } from '../../selector';
import { policySelectorFields } from '../../model/selector-fields';
import { scalarValueSpan } from '../../yaml/scalar-offsets';

const CEL_RULES = [
  "!has(self.selector) || !self.selector.contains('global(')",
  "!has(self.serviceAccountSelector) || !self.serviceAccountSelector.contains('global(')",
  "!has(self.namespaceSelector) || !self.namespaceSelector.contains('global(')",
];

export const rule: ResourceRule = {
  code: 'global-selector-misplaced',
  severity: 'error',
  origin: 'cel',
  summary: "global() used outside a rule's namespaceSelector, or combined with other terms there.",
  celRules: CEL_RULES,
  kinds: ['GlobalNetworkPolicy', 'NetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedNetworkPolicy'],
  check(ctx) {
    for (const f of policySelectorFields(ctx.kind, ctx.root)) {
      const selector = f.node.value as string;
      const at = selector.indexOf('global(');
      if (at === -1) continue;
      let message: string | undefined;
      if (f.place === 'policy') {
        message = `global() cannot be used in the policy's '${f.field}'; it is only allowed, on its own, in a rule's namespaceSelector.`;
      } else if (f.field === 'selector') {
        message = "global() cannot be used in a rule's 'selector'; to match non-namespaced resources write 'namespaceSelector: global()'.";
      } else if (f.field === 'namespaceSelector' && !isBareGlobal(selector)) {
        message = "global() must be the whole namespaceSelector; it cannot be combined with other expressions.";
      }
      if (!message) continue;
      const close = selector.indexOf(')', at);
      const span = f.node.via ?? scalarValueSpan(ctx.text, f.node, at, close === -1 ? at + 7 : close + 1);
      ctx.report('global-selector-misplaced', { ...span, message, data: { path: f.path } });
    }
  },
};
