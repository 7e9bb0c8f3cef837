/**
 * `failsafe-port` (information): an untracked or pre-DNAT policy rule on a port that Calico's
 * failsafe rules always allow. Failsafe handling comes first and is connection-tracked, so such a
 * rule neither speeds that traffic up nor blocks it
 * (https://docs.tigera.io/calico/latest/reference/host-endpoints/failsafe).
 *
 * The defaults are FelixConfiguration's `failsafeInboundHostPorts` and `failsafeOutboundHostPorts`;
 * a cluster may change them, which this check cannot see, so it is advice only.
 */
import type { ResourceRule } from '../types';
import { getValue, type YNode } from '../../yaml/tree';
import { protocolNumber, protocolName } from '../../untracked/model';
import { DOCS, GLOBAL_POLICY_KINDS, readFlags, ruleList } from './common';

const TCP = 6;
const UDP = 17;

/** Felix's default failsafe ports: protocol number → ports. */
export const FAILSAFE_INBOUND: ReadonlyMap<number, readonly number[]> = new Map([
  [TCP, [22, 179, 2379, 2380, 5473, 6443, 6666, 6667]],
  [UDP, [68]],
]);
export const FAILSAFE_OUTBOUND: ReadonlyMap<number, readonly number[]> = new Map([
  [TCP, [179, 2379, 2380, 5473, 6443, 6666, 6667]],
  [UDP, [53, 67]],
]);

function portsIn(item: YNode, list: readonly number[]): number[] {
  if (item.kind !== 'scalar') return [];
  if (item.type === 'integer' && typeof item.value === 'number') return list.includes(item.value) ? [item.value] : [];
  if (item.type !== 'string') return [];
  const m = /^(\d+):(\d+)$/.exec(String(item.value));
  if (m) return list.filter((p) => p >= Number(m[1]) && p <= Number(m[2]));
  return /^\d+$/.test(String(item.value)) && list.includes(Number(item.value)) ? [Number(item.value)] : [];
}

export const rule: ResourceRule = {
  code: 'failsafe-port',
  severity: 'information',
  origin: 'advice',
  summary: "A rule of an untracked or pre-DNAT policy on one of Calico's failsafe ports, which failsafe handling always allows.",
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || (!f.isDoNotTrack && !f.isPreDNAT)) return;
    for (const direction of ['ingress', 'egress'] as const) {
      const table = direction === 'ingress' ? FAILSAFE_INBOUND : FAILSAFE_OUTBOUND;
      for (const item of ruleList(f.spec, direction)) {
        const proto = protocolNumber(getValue(item, 'protocol'));
        if (proto === undefined) continue;
        const failsafe = table.get(proto);
        if (!failsafe) continue;
        const ports = getValue(getValue(item, 'destination'), 'ports');
        if (!ports || ports.kind !== 'seq') continue;
        for (const p of ports.items) {
          const hits = portsIn(p, failsafe);
          if (hits.length === 0) continue;
          const which = hits.length === 1 ? `port ${hits[0]}` : `ports ${hits.join(', ')}`;
          ctx.report('failsafe-port', {
            start: p.start,
            end: p.end,
            message: `${protocolName(proto)} ${which} ${hits.length === 1 ? 'is' : 'are'} a default ${direction === 'ingress' ? 'inbound' : 'outbound'} failsafe port: Calico always allows ${hits.length === 1 ? 'it' : 'them'} on host endpoints, with connection tracking, before this policy is consulted (unless the cluster changed the failsafe ports). See ${DOCS.failsafe}.`,
            data: { protocol: proto, ports: hits, direction },
          });
        }
      }
    }
  },
};
