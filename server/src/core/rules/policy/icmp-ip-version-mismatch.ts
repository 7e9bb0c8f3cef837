/**
 * `icmp-ip-version-mismatch`: a rule whose `protocol` or `notProtocol` is ICMP (1) while
 * `ipVersion` is 6, or ICMPv6 (58) while `ipVersion` is 4. ICMP is IPv4's and ICMPv6 is IPv6's, so
 * the CRDs refuse the combination.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { parseProtocol, protocolIs } from '../../model/numorstring';
import { CALICO_POLICY_KINDS, nodeSpan, policyRules } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'icmp-ip-version-mismatch',
  severity: 'error',
  origin: 'cel',
  summary: 'ICMP with ipVersion 6, or ICMPv6 with ipVersion 4.',
  celRules: [
    "(!has(self.protocol) || (self.protocol != 'ICMP' && self.protocol != 1)) || !has(self.ipVersion) || self.ipVersion == 4",
    "(!has(self.protocol) || (self.protocol != 'ICMPv6' && self.protocol != 58)) || !has(self.ipVersion) || self.ipVersion == 6",
    "(!has(self.notProtocol) || (self.notProtocol != 'ICMP' && self.notProtocol != 1)) || !has(self.ipVersion) || self.ipVersion == 4",
    "(!has(self.notProtocol) || (self.notProtocol != 'ICMPv6' && self.notProtocol != 58)) || !has(self.ipVersion) || self.ipVersion == 6",
  ],
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      const ipv = getPair(r.node, 'ipVersion')?.value;
      if (!ipv || ipv.kind !== 'scalar' || ipv.type !== 'integer') continue;
      const version = ipv.value as number;
      for (const field of ['protocol', 'notProtocol']) {
        const node = getPair(r.node, field)?.value;
        if (!node || (node.kind === 'scalar' && node.type === 'null')) continue;
        const parsed = parseProtocol(node);
        const proto = parsed.kind === 'error' ? (parsed.layer === 'validator' ? parsed.value : undefined) : parsed;
        if (!proto) continue;
        let wanted: number | undefined;
        if (protocolIs(proto, 'ICMP', 1)) wanted = 4;
        else if (protocolIs(proto, 'ICMPv6', 58)) wanted = 6;
        if (wanted === undefined || wanted === version) continue;
        const name = wanted === 4 ? 'ICMP' : 'ICMPv6';
        ctx.report('icmp-ip-version-mismatch', {
          ...nodeSpan(ipv),
          message: `'${field}' is ${name}, which is IPv${wanted} only, but 'ipVersion' is ${version}; use ${wanted === 4 ? 'ICMPv6' : 'ICMP'} or 'ipVersion: ${wanted}'.`,
          data: { path: r.path, field, ipVersion: version, expected: wanted },
        });
      }
    }
  },
};
