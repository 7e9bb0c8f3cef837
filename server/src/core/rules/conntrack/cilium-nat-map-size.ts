/**
 * cilium-nat-map-size: an explicit `bpf-nat-global-max` that cilium-agent refuses or changes,
 * following `checkMapSizeLimits` (cilium/cilium `pkg/maps/mapsize`):
 * - outside [1,024, 16,777,216] entries: refused (error);
 * - above the two CT maps together (TCP + any): refused (error) — except that exactly the default
 *   524,288 is silently reduced to two thirds of the CT sum (warning);
 * - when a CT map is sized from node memory, the sum depends on the node: a NAT size that exceeds
 *   the sum on small nodes is refused there (warning, with the memory from which it fits).
 * The Alibaba Cloud documentation states the rule as "below each CT maximum"; Cilium's check is
 * against their sum, which is what the agent enforces.
 */
import type { ConntrackRule } from './types';
import { numberOf } from './values';
import { CT_ANY_AUTO_MIN, CT_TCP_AUTO_MIN, DEFAULT_RATIO, LIMIT_TABLE_MAX, LIMIT_TABLE_MIN, NAT_DEFAULT, fmtBytes, fmtInt, memoryForCtSum, CT_TCP_DEFAULT, CT_ANY_DEFAULT } from '../../conntrack/sizing';

export const rule: ConntrackRule = {
  code: 'cilium-nat-map-size',
  severity: 'error',
  origin: 'component',
  summary: 'An explicit NAT map size out of range or above the CT maps together; cilium-agent refuses it (or, on some nodes, reduces it).',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      const nat = numberOf(s, 'bpf-nat-global-max');
      if (!nat || nat.value === 0) continue;
      const span = nat.setting.valueSpan;
      const n = nat.value;
      if (n < LIMIT_TABLE_MIN || n > LIMIT_TABLE_MAX) {
        const side = n < LIMIT_TABLE_MIN ? `below the minimum of ${fmtInt(LIMIT_TABLE_MIN)}` : `above the maximum of ${fmtInt(LIMIT_TABLE_MAX)}`;
        ctx.report('cilium-nat-map-size', { ...span, message: `bpf-nat-global-max is ${fmtInt(n)} entries, ${side}; cilium-agent refuses it and does not start.`, data: { value: n, reason: 'range' } });
        continue;
      }
      const tcp = numberOf(s, 'bpf-ct-global-tcp-max')?.value || undefined;
      const any = numberOf(s, 'bpf-ct-global-any-max')?.value || undefined;
      const ratioSetting = numberOf(s, 'bpf-map-dynamic-size-ratio');
      const ratio = ratioSetting ? ratioSetting.value : DEFAULT_RATIO;
      const fixed = (v: number | undefined, def: number) => (v !== undefined ? v : ratio === 0 ? def : undefined);
      const tcpFixed = fixed(tcp, CT_TCP_DEFAULT);
      const anyFixed = fixed(any, CT_ANY_DEFAULT);
      if (tcpFixed !== undefined && anyFixed !== undefined) {
        const sum = tcpFixed + anyFixed;
        if (n <= sum) continue;
        if (n === NAT_DEFAULT) {
          ctx.report('cilium-nat-map-size', { ...span, severity: 'warning', message: `bpf-nat-global-max ${fmtInt(n)} (the default) exceeds the CT maps together (${fmtInt(sum)}); cilium-agent silently reduces it to ${fmtInt(Math.floor((sum * 2) / 3))}.`, data: { value: n, ctSum: sum, reason: 'reduced' } });
        } else {
          ctx.report('cilium-nat-map-size', { ...span, message: `bpf-nat-global-max ${fmtInt(n)} exceeds the CT maps together (TCP ${fmtInt(tcpFixed)} + any ${fmtInt(anyFixed)} = ${fmtInt(sum)}); cilium-agent refuses it and does not start.`, data: { value: n, ctSum: sum, reason: 'above-ct' } });
        }
        continue;
      }
      // At least one CT map is sized from memory: its size lies between its floor and 2^24.
      const minSum = (tcpFixed ?? CT_TCP_AUTO_MIN) + (anyFixed ?? CT_ANY_AUTO_MIN);
      const maxSum = (tcpFixed ?? LIMIT_TABLE_MAX) + (anyFixed ?? LIMIT_TABLE_MAX);
      if (n <= minSum) continue;
      if (n > maxSum) {
        ctx.report('cilium-nat-map-size', { ...span, message: `bpf-nat-global-max ${fmtInt(n)} exceeds the largest the CT maps can be together (${fmtInt(maxSum)}); cilium-agent refuses it on every node.`, data: { value: n, ctSum: maxSum, reason: 'above-ct' } });
        continue;
      }
      const mem = memoryForCtSum(n, ratio, { tcp: tcpFixed, any: anyFixed });
      const where = mem !== undefined ? `on nodes with less than ${fmtBytes(mem)} of memory (at ratio ${ratio})` : 'on small nodes';
      const outcome = n === NAT_DEFAULT ? 'cilium-agent silently reduces it to two thirds of the CT sum there' : 'cilium-agent refuses to start there';
      ctx.report('cilium-nat-map-size', { ...span, severity: 'warning', message: `bpf-nat-global-max ${fmtInt(n)} exceeds the dynamically sized CT maps together ${where}; ${outcome}. Set the CT maxima explicitly or lower the NAT size.`, data: { value: n, minMemory: mem ?? null, reason: 'memory-dependent' } });
    }
  },
};
