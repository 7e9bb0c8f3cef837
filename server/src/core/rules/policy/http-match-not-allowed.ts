/**
 * `http-match-not-allowed`: an `http` match where Calico does not allow one. HTTP matches are
 * enforced by the application-layer proxy on the receiving side, so Calico accepts them only on
 * ingress rules (validator) whose action is `Allow` (CRD CEL rule).
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { CALICO_POLICY_KINDS, keySpan, policyRules, presentPair } from '../../model/rule-fields';
import { isStagedDelete } from './staged';

export const rule: ResourceRule = {
  code: 'http-match-not-allowed',
  severity: 'error',
  origin: 'cel',
  summary: "An 'http' match on an egress rule, or on a rule whose action is not Allow.",
  celRules: ["self.action == 'Allow' || !has(self.http)"],
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    const stagedDelete = isStagedDelete(ctx.root);
    for (const r of policyRules(ctx.root)) {
      const http = presentPair(r.node, 'http');
      if (!http) continue;
      // An egress rule is refused by the validator, which Calico skips for staged deletions.
      if (r.direction === 'egress' && !stagedDelete) {
        ctx.report('http-match-not-allowed', { ...keySpan(http), message: "'http' matches are only allowed on ingress rules; move this match to an ingress rule of the destination's policy.", data: { path: r.path, reason: 'egress' } });
        continue;
      }
      const action = getPair(r.node, 'action')?.value;
      if (!action || action.kind !== 'scalar' || action.type !== 'string' || action.value === 'Allow') continue;
      ctx.report('http-match-not-allowed', { ...keySpan(http), message: `'http' matches are only allowed on rules with action Allow, not ${String(action.value)}.`, data: { path: r.path, reason: 'action', action: action.value } });
    }
  },
};
