/**
 * `invalid-protocol`: a rule `protocol` or `notProtocol` that Calico cannot read or refuses. Calico
 * accepts a number 1–255 (also written as a quoted number) or one of `TCP`, `UDP`, `ICMP`,
 * `ICMPv6`, `SCTP`, `UDPLite`, spelled exactly so: names are case-sensitive.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { parseProtocol, PROTOCOL_NUMBERS } from '../../model/numorstring';
import { CALICO_POLICY_KINDS, nodeSpan, policyRules } from '../../model/rule-fields';

export interface InvalidProtocolData {
  path: string;
  layer: 'decode' | 'validator';
  /** The correctly spelled name when only the case is wrong. */
  suggestion?: string;
}

export const rule: ResourceRule = {
  code: 'invalid-protocol',
  severity: 'error',
  origin: 'validator',
  summary: 'A protocol that is not 1–255 or one of the protocol names Calico knows (case-sensitive).',
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    for (const r of policyRules(ctx.root)) {
      for (const field of ['protocol', 'notProtocol']) {
        const node = getPair(r.node, field)?.value;
        if (!node || (node.kind === 'scalar' && node.type === 'null')) continue;
        const result = parseProtocol(node);
        if (result.kind !== 'error' || result.layer === 'type') continue;
        const data: InvalidProtocolData = { path: `${r.path}.${field}`, layer: result.layer };
        if (result.value?.kind === 'name') {
          const name = result.value.name;
          const suggestion = Object.keys(PROTOCOL_NUMBERS).find((k) => k.toLowerCase() === name.toLowerCase());
          if (suggestion) data.suggestion = suggestion;
        }
        ctx.report('invalid-protocol', { ...nodeSpan(node), message: `Invalid ${field}: ${result.message.endsWith('.') ? result.message : `${result.message}.`}`, data });
      }
    }
  },
};
