/**
 * `icmp-code-without-type`: an `icmp` or `notICMP` match with a `code` but no `type`. An ICMP code
 * only has a meaning within a type, and the CRDs refuse it alone.
 */
import type { ResourceRule } from '../types';
import { CALICO_POLICY_KINDS, keySpan, mapField, policyRules, presentPair } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'icmp-code-without-type',
  severity: 'error',
  origin: 'cel',
  summary: 'An ICMP code given without an ICMP type.',
  celRules: ['!has(self.code) || has(self.type)'],
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      for (const field of ['icmp', 'notICMP']) {
        const icmp = mapField(r.node, field);
        const code = presentPair(icmp, 'code');
        if (!code || presentPair(icmp, 'type')) continue;
        ctx.report('icmp-code-without-type', {
          ...keySpan(code),
          message: `'${field}.code' needs '${field}.type' as well: ICMP codes are only meaningful within a type.`,
          data: { path: `${r.path}.${field}` },
        });
      }
    }
  },
};
