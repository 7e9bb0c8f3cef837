/**
 * cilium-ct-map-size: an explicit `bpf-ct-global-tcp-max` or `bpf-ct-global-any-max` outside
 * [1,024, 16,777,216] (2^10 to 2^24 entries). cilium-agent's `checkMapSizeLimits`
 * (cilium/cilium `pkg/maps/mapsize`) refuses it and the agent does not start. 0 means "size it
 * dynamically" and is fine.
 */
import type { ConntrackRule } from './types';
import { numberOf } from './values';
import { LIMIT_TABLE_MAX, LIMIT_TABLE_MIN, fmtInt } from '../../conntrack/sizing';

export const rule: ConntrackRule = {
  code: 'cilium-ct-map-size',
  severity: 'error',
  origin: 'component',
  summary: 'An explicit CT map size below 1,024 or above 16,777,216 entries; cilium-agent refuses to start.',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      for (const name of ['bpf-ct-global-tcp-max', 'bpf-ct-global-any-max']) {
        const r = numberOf(s, name);
        if (!r || r.value === 0 || (r.value >= LIMIT_TABLE_MIN && r.value <= LIMIT_TABLE_MAX)) continue;
        const side = r.value < LIMIT_TABLE_MIN ? `below the minimum of ${fmtInt(LIMIT_TABLE_MIN)}` : `above the maximum of ${fmtInt(LIMIT_TABLE_MAX)}`;
        ctx.report('cilium-ct-map-size', {
          ...r.setting.valueSpan,
          message: `${name} is ${fmtInt(r.value)} entries, ${side}; cilium-agent refuses it and does not start (0 lets it size the map from node memory).`,
          data: { name, value: r.value, min: LIMIT_TABLE_MIN, max: LIMIT_TABLE_MAX },
        });
      }
    }
  },
};
