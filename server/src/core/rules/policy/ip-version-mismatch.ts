/**
 * `ip-version-mismatch`: a rule whose CIDRs disagree on the IP family. All of a rule's `nets` and
 * `notNets`, on both sides, must be of one family, and that family must match `ipVersion` when it
 * is set: one rule is one iptables/eBPF rule of one family.
 *
 * Like Calico, the lists are scanned in the order source nets, source notNets, destination nets,
 * destination notNets, and the list that introduces the second family is the one reported.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { parseRuleCidr } from '../../model/rule-nets';
import { CALICO_POLICY_KINDS, nodeSpan, policyRules, ruleNetLists } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'ip-version-mismatch',
  severity: 'error',
  origin: 'validator',
  summary: "A rule mixing IPv4 and IPv6 CIDRs, or CIDRs of the other family than its 'ipVersion'.",
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      const ipv = getPair(r.node, 'ipVersion')?.value;
      const ipVersion = ipv && ipv.kind === 'scalar' && ipv.type === 'integer' ? (ipv.value as number) : undefined;
      let seen: 4 | 6 | undefined;
      for (const list of ruleNetLists(r)) {
        for (const item of list.items) {
          if (item.kind !== 'scalar' || item.type !== 'string') continue;
          const parsed = parseRuleCidr(item.value as string);
          if (!parsed.ok) continue;
          if (ipVersion !== undefined && parsed.version !== ipVersion) {
            ctx.report('ip-version-mismatch', {
              ...nodeSpan(item),
              message: `'${String(item.value)}' is an IPv${parsed.version} CIDR but the rule has 'ipVersion: ${ipVersion}'.`,
              data: { path: list.path, ipVersion, cidrVersion: parsed.version },
            });
          } else if (seen !== undefined && parsed.version !== seen) {
            ctx.report('ip-version-mismatch', {
              ...nodeSpan(item),
              message: `'${String(item.value)}' is an IPv${parsed.version} CIDR but this rule already matches IPv${seen} CIDRs; one rule can only use one IP family, so split it into two rules.`,
              data: { path: list.path, cidrVersion: parsed.version, ruleVersion: seen },
            });
          }
          seen ??= parsed.version;
        }
      }
    }
  },
};
