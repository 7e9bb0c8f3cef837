/**
 * `catch-all-not-nets`: `notNets` containing the whole address space (`0.0.0.0/0`, or an IPv6
 * `/0` such as `::/0`). "Not any address" matches no packet at all, so Calico refuses it. Note that
 * Calico compares the IPv4 form as text, so only the spelling `0.0.0.0/0` is caught for IPv4.
 */
import type { ResourceRule } from '../types';
import { isNegatedCatchAll, parseRuleCidr } from '../../model/rule-nets';
import { CALICO_POLICY_KINDS, nodeSpan, policyRules, ruleNetLists } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'catch-all-not-nets',
  severity: 'error',
  origin: 'validator',
  summary: "'notNets' containing 0.0.0.0/0 or ::/0, which would match nothing.",
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      for (const list of ruleNetLists(r)) {
        if (list.field !== 'notNets') continue;
        list.items.forEach((item, i) => {
          if (item.kind !== 'scalar' || item.type !== 'string') return;
          const text = item.value as string;
          if (!isNegatedCatchAll(text, parseRuleCidr(text))) return;
          ctx.report('catch-all-not-nets', {
            ...nodeSpan(item),
            message: `'notNets: ${text}' excludes every address, so the rule could never match; remove it (or drop the whole rule).`,
            data: { path: `${list.path}[${i}]` },
          });
        });
      }
    }
  },
};
