/**
 * cilium-ct-timeout: a `bpf-ct-timeout-*` below one second (zero or negative included). Cilium
 * hands the datapath whole seconds (the duration's seconds, truncated), so such a timeout makes
 * entries expire at once: connections lose their state, and replies and established flows are
 * dropped or re-evaluated. Accepted by the agent, hence a warning.
 */
import type { ConntrackRule } from './types';
import { OPTIONS_BY_NAME } from '../../conntrack/options';
import { bounded, parseOptionValue } from './values';

export const rule: ConntrackRule = {
  code: 'cilium-ct-timeout',
  severity: 'warning',
  origin: 'semantics',
  summary: 'A Cilium conntrack timeout below one second; entries would expire at once.',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      for (const o of s.options) {
        const opt = OPTIONS_BY_NAME.get(o.name);
        if (!opt || !opt.table || o.separated || o.nonStringValue) continue;
        const p = parseOptionValue(opt, o, s.source);
        // A unit-less cilium-config value (read as nanoseconds) is cilium-invalid-value's to explain.
        if (!p || !p.ok || p.number >= 1 || p.bareNumber) continue;
        ctx.report('cilium-ct-timeout', {
          ...o.valueSpan,
          message: `${o.name} is ${bounded(o.value!)}, under one second; Cilium counts conntrack lifetimes in whole seconds, so these entries would expire at once. The default is ${opt.defaultText}.`,
          data: { name: o.name, seconds: p.number },
        });
      }
    }
  },
};
