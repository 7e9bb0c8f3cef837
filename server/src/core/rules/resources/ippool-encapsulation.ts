/**
 * `ippool-encapsulation`: the IPPool CRD's encapsulation rules: IP-in-IP cannot carry IPv6, so an
 * IPv6 pool's `ipipMode` must be `Never` (or unset); and a pool uses at most one encapsulation, so
 * `ipipMode` and `vxlanMode` cannot both be `Always` or `CrossSubnet`.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { at, specOf, str } from './walk';
import { readPool } from './ippool-util';

const CODE = 'ippool-encapsulation';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const pool = readPool(spec);
  if (pool.ipip?.value && pool.cidr && pool.cidr.ip.family === 6) {
    ctx.report(CODE, {
      ...at(pool.ipip.value),
      message: `IP-in-IP cannot encapsulate IPv6; set 'ipipMode: Never' on this IPv6 pool (VXLAN is available for IPv6).`,
      data: { field: 'spec.ipipMode', suggestion: 'Never' },
    });
  }
  if (pool.ipip?.value && pool.vxlan?.value) {
    ctx.report(CODE, {
      ...at(pool.vxlan.value),
      message: `A pool can use only one encapsulation: 'ipipMode' is ${str(pool.ipip.value)} and 'vxlanMode' is ${str(pool.vxlan.value)}; set one of them to Never.`,
      data: { field: 'spec.vxlanMode' },
    });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'IP-in-IP on an IPv6 pool, or IP-in-IP and VXLAN enabled together.',
  celRules: [
    "cidr(self.cidr).ip().family() != 6 || !has(self.ipipMode) || self.ipipMode == 'Never' || size(self.ipipMode) == 0",
    "!has(self.ipipMode) || !has(self.vxlanMode) || self.ipipMode == 'Never' || self.vxlanMode == 'Never' || size(self.ipipMode) == 0 || size(self.vxlanMode) == 0",
  ],
  kinds: ['IPPool'],
  check,
};
