/**
 * cilium-map-size-ratio: `bpf-map-dynamic-size-ratio` outside [0, 1]. cilium-agent refuses it
 * ("specified dynamic map size ratio … must be > 0.0 and <= 1.0", cilium/cilium
 * `pkg/maps/mapsize`, `calculateBPFMapSizes`) and does not start. 0 is accepted and turns dynamic
 * sizing off (the fixed defaults apply); values in (0, 1] size the maps from node memory.
 */
import type { ConntrackRule } from './types';
import { bounded, numberOf } from './values';

export const rule: ConntrackRule = {
  code: 'cilium-map-size-ratio',
  severity: 'error',
  origin: 'component',
  summary: 'bpf-map-dynamic-size-ratio is below 0 or above 1; cilium-agent refuses to start.',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      const r = numberOf(s, 'bpf-map-dynamic-size-ratio');
      if (!r || !(r.value < 0 || r.value > 1)) continue;
      ctx.report('cilium-map-size-ratio', {
        ...r.setting.valueSpan,
        message: `bpf-map-dynamic-size-ratio is ${bounded(r.setting.value!)}; cilium-agent accepts only a share of node memory in (0, 1] (or 0 to turn dynamic sizing off) and does not start. The default is 0.0025.`,
        data: { value: r.value },
      });
    }
  },
};
