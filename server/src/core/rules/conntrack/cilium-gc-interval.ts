/**
 * cilium-gc-interval: `conntrack-gc-interval` fixed above 5 minutes. By default (0) the agent
 * adapts the garbage-collection interval, starting at 5 minutes (cilium/cilium
 * `pkg/defaults/defaults.go`, `ConntrackGCStartingInterval`); Alibaba Cloud's Terway guidance is not
 * to set a value above the default, because expired entries then stay in the table longer and a
 * busy node fills it. Accepted by the agent, hence a warning.
 */
import type { ConntrackRule } from './types';
import { bounded, numberOf } from './values';
import { GC_STARTING_INTERVAL_SECONDS } from '../../conntrack/options';

export const rule: ConntrackRule = {
  code: 'cilium-gc-interval',
  severity: 'warning',
  origin: 'semantics',
  summary: 'conntrack-gc-interval is fixed above the 5-minute start of the default dynamic interval; stale entries linger.',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      const r = numberOf(s, 'conntrack-gc-interval');
      if (!r || r.value <= GC_STARTING_INTERVAL_SECONDS) continue;
      ctx.report('cilium-gc-interval', {
        ...r.setting.valueSpan,
        message: `conntrack-gc-interval ${bounded(r.setting.value!)} collects expired conntrack entries less often than the agent's default (adaptive, starting at 5m), so the table can fill on a busy node; leave it unset (0) or at most 5m.`,
        data: { seconds: r.value },
      });
    }
  },
};
