/**
 * `cidr-not-masked`: a CIDR with host bits set (`10.0.0.1/8`) in a field where Calico requires the
 * network address itself (`10.0.0.0/8`): IPPool `cidr`, BGPConfiguration service IP ranges and
 * prefix advertisements, and BGPFilter rule `cidr`s. Calico's validator compares the address with
 * its masked form (the `net`, `netv4` and `netv6` checks), and the IPPool CRD has the same rule in
 * CEL. Other fields (network sets, reservations) accept host bits and are not checked here.
 *
 * `data.masked` carries the network address Calico would expect, for a fix.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { formatMasked } from '../../util/ip';
import { parseCidrOrIp } from './go-net';
import { reportOn, select, shown, str } from './walk';

const CODE = 'cidr-not-masked';

const FIELDS: Record<string, readonly string[]> = {
  IPPool: ['spec.cidr'],
  BGPConfiguration: [
    'spec.serviceClusterIPs[*].cidr',
    'spec.serviceExternalIPs[*].cidr',
    'spec.serviceLoadBalancerIPs[*].cidr',
    'spec.prefixAdvertisements[*].cidr',
  ],
  BGPFilter: ['spec.exportV4[*].cidr', 'spec.importV4[*].cidr', 'spec.exportV6[*].cidr', 'spec.importV6[*].cidr'],
};

function check(ctx: ResourceContext): void {
  for (const path of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const value = str(hit.node);
      if (!value) continue;
      const parsed = parseCidrOrIp(value);
      if (!parsed || parsed.bare || parsed.masked) continue;
      const masked = formatMasked(parsed.cidr);
      reportOn(ctx, CODE, hit.node, `${shown(value)} has host bits set after the /${parsed.cidr.prefix} prefix; Calico needs the network address here: ${masked}.`, {
        data: { field: hit.path, masked },
      });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A CIDR with host bits set where Calico requires the network address.',
  celRules: ['cidr(self.cidr) == cidr(self.cidr).masked()'],
  kinds: Object.keys(FIELDS),
  check,
};
