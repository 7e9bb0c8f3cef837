/**
 * `ippool-link-local`: an IP pool may not overlap the link-local ranges `169.254.0.0/16` (IPv4)
 * or `fe80::/10` (IPv6), neither inside them nor containing them. The IPPool CRD enforces this
 * with CEL; such addresses are used by the node itself and cannot be routed to pods.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { cidrContains, parseCidr } from '../../util/ip';
import { at, specOf } from './walk';
import { readPool } from './ippool-util';

const CODE = 'ippool-link-local';

const V4 = parseCidr('169.254.0.0/16')!;
const V6 = parseCidr('fe80::/10')!;

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const pool = readPool(spec);
  if (!pool.cidr || !pool.cidrPair?.value) return;
  const ll = pool.cidr.ip.family === 4 ? V4 : V6;
  if (cidrContains(ll, pool.cidr.ip) || cidrContains(pool.cidr, ll.ip)) {
    const range = pool.cidr.ip.family === 4 ? '169.254.0.0/16' : 'fe80::/10';
    ctx.report(CODE, {
      ...at(pool.cidrPair.value),
      message: `This pool overlaps the link-local range ${range}, which Calico does not allow for IP pools; choose a range outside it.`,
      data: { linkLocal: range },
    });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'An IP pool that overlaps the IPv4 or IPv6 link-local range.',
  celRules: [
    "!cidr('169.254.0.0/16').containsIP(cidr(self.cidr).ip()) && !cidr(self.cidr).containsIP('169.254.0.0')",
    "!cidr('fe80::/10').containsIP(cidr(self.cidr).ip()) && !cidr(self.cidr).containsIP('fe80::')",
  ],
  kinds: ['IPPool'],
  check,
};
