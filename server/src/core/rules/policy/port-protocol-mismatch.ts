/**
 * `port-protocol-mismatch`: ports that the rule's protocol cannot match on.
 *
 * Calico only matches ports for TCP, UDP and SCTP (or 6, 17, 132). So:
 * - without a `protocol`, port numbers and ranges are refused (named ports are fine: they carry
 *   their protocol with them); `notProtocol` does not count as a protocol;
 * - with a protocol that has no ports (ICMP, UDPLite, 47…), no `ports`/`notPorts` at all.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { decodedPort, parsePort, parseProtocol, showProtocol, supportsPorts } from '../../model/numorstring';
import { CALICO_POLICY_KINDS, isNull, keySpan, nodeSpan, policyRules, rulePortLists } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'port-protocol-mismatch',
  severity: 'error',
  origin: 'validator',
  summary: 'Port numbers without a protocol, or ports with a protocol that has none.',
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      const protoNode = getPair(r.node, 'protocol')?.value;
      const lists = rulePortLists(r);
      if (lists.length === 0) continue;
      if (isNull(protoNode)) {
        for (const list of lists) {
          list.items.forEach((item, i) => {
            const port = decodedPort(parsePort(item));
            if (!port || port.kind !== 'number') return;
            ctx.report('port-protocol-mismatch', {
              ...nodeSpan(item),
              message: `Port numbers need the rule to set 'protocol' to TCP, UDP or SCTP; add a protocol, or use a named port.`,
              data: { path: `${list.path}[${i}]`, protocol: null },
            });
          });
        }
        continue;
      }
      const parsed = parseProtocol(protoNode);
      const proto = parsed.kind === 'error' ? (parsed.layer === 'validator' ? parsed.value : undefined) : parsed;
      if (!proto || supportsPorts(proto)) continue;
      for (const list of lists) {
        if (list.items.length === 0) continue;
        ctx.report('port-protocol-mismatch', {
          ...keySpan(list.pair),
          message: `Protocol ${showProtocol(proto)} has no ports, so '${list.field}' is not allowed here; ports need TCP, UDP or SCTP.`,
          data: { path: list.path, protocol: showProtocol(proto) },
        });
      }
    }
  },
};
