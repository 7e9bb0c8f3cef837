/**
 * `icmp-requires-protocol`: a rule with an `icmp` match whose `protocol` is not ICMP or ICMPv6
 * (or 1 / 58). Without that protocol the ICMP fields cannot match anything, and the CRDs refuse
 * it. `notICMP` has no such requirement.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { parseProtocol, protocolIs, showProtocol } from '../../model/numorstring';
import { CALICO_POLICY_KINDS, isNull, keySpan, policyRules, presentPair } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'icmp-requires-protocol',
  severity: 'error',
  origin: 'cel',
  summary: "An 'icmp' match in a rule whose protocol is not ICMP or ICMPv6.",
  celRules: ["!has(self.icmp) || (has(self.protocol) && (self.protocol == 'ICMP' || self.protocol == 'ICMPv6' || self.protocol == 1 || self.protocol == 58))"],
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      const icmp = presentPair(r.node, 'icmp');
      if (!icmp) continue;
      const protoNode = getPair(r.node, 'protocol')?.value;
      if (isNull(protoNode)) {
        ctx.report('icmp-requires-protocol', { ...keySpan(icmp), message: "An 'icmp' match needs 'protocol: ICMP' (or ICMPv6 for IPv6) in the same rule.", data: { path: r.path, protocol: null } });
        continue;
      }
      const parsed = parseProtocol(protoNode);
      // A protocol Calico cannot even decode is reported by invalid-protocol; do not pile on.
      const proto = parsed.kind === 'error' ? (parsed.layer === 'validator' ? parsed.value : undefined) : parsed;
      if (!proto) continue;
      if (protocolIs(proto, 'ICMP', 1) || protocolIs(proto, 'ICMPv6', 58)) continue;
      ctx.report('icmp-requires-protocol', {
        ...keySpan(icmp),
        message: `An 'icmp' match needs protocol ICMP or ICMPv6, but this rule's protocol is ${showProtocol(proto)}.`,
        data: { path: r.path, protocol: showProtocol(proto) },
      });
    }
  },
};
