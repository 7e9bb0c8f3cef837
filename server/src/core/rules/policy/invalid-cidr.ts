/**
 * `invalid-cidr`: an entry of a rule's `nets` or `notNets` that Calico refuses: not a CIDR at all,
 * a bare address (rules need an explicit prefix length), or a CIDR with host bits set
 * (`10.0.0.1/8`; Calico wants the network address `10.0.0.0/8`).
 */
import type { ResourceRule } from '../types';
import { parseRuleCidr } from '../../model/rule-nets';
import { CALICO_POLICY_KINDS, nodeSpan, policyRules, ruleNetLists } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'invalid-cidr',
  severity: 'error',
  origin: 'validator',
  summary: "A rule 'nets'/'notNets' entry that is not a strictly masked CIDR.",
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      for (const list of ruleNetLists(r)) {
        list.items.forEach((item, i) => {
          if (item.kind !== 'scalar' || item.type !== 'string') return;
          const parsed = parseRuleCidr(item.value as string);
          if (parsed.ok) return;
          const data: Record<string, unknown> = { path: `${list.path}[${i}]`, reason: parsed.reason };
          if (parsed.suggestion) data['suggestion'] = parsed.suggestion;
          ctx.report('invalid-cidr', { ...nodeSpan(item), message: `${parsed.message}.`, data });
        });
      }
    }
  },
};
