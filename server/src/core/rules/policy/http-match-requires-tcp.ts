/**
 * `http-match-requires-tcp`: an `http` match in a rule whose `protocol` is set to something other
 * than TCP (or 6). HTTP runs over TCP; leaving `protocol` out is fine.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { parseProtocol, protocolIs, showProtocol } from '../../model/numorstring';
import { CALICO_POLICY_KINDS, isNull, nodeSpan, policyRules, presentPair } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'http-match-requires-tcp',
  severity: 'error',
  origin: 'cel',
  summary: "An 'http' match in a rule whose protocol is not TCP.",
  celRules: ["!has(self.http) || !has(self.protocol) || self.protocol == 'TCP' || self.protocol == 6"],
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      if (!presentPair(r.node, 'http')) continue;
      const protoNode = getPair(r.node, 'protocol')?.value;
      if (!protoNode || isNull(protoNode)) continue;
      const parsed = parseProtocol(protoNode);
      const proto = parsed.kind === 'error' ? (parsed.layer === 'validator' ? parsed.value : undefined) : parsed;
      if (!proto || protocolIs(proto, 'TCP', 6)) continue;
      ctx.report('http-match-requires-tcp', {
        ...nodeSpan(protoNode),
        message: `'http' matches need protocol TCP (or no protocol), not ${showProtocol(proto)}.`,
        data: { path: `${r.path}.protocol`, protocol: showProtocol(proto) },
      });
    }
  },
};
