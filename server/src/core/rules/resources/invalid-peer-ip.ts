/**
 * `invalid-peer-ip`: a BGPPeer `peerIP` that is not in one of the forms Calico accepts: an IP
 * address (`10.0.0.1`, `fd00::1`), `<IPv4>:<port>` (`10.0.0.1:1179`) or `[<IPv6>]:<port>`
 * (`[fd00::1]:1179`), with a port from 1 to 65535. An empty value means unset.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { parsePeerAddress } from './go-net';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-peer-ip';

function check(ctx: ResourceContext): void {
  for (const hit of select(ctx.root, 'spec.peerIP')) {
    const value = str(hit.node);
    if (!value) continue;
    const r = parsePeerAddress(value);
    if (r.ok) continue;
    reportOn(ctx, CODE, hit.node, `${shown(value)} is not a valid peer address (${r.reason}); use an IP address, <IPv4>:<port> or [<IPv6>]:<port>.`, { data: { field: hit.path } });
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A BGP peer address that is not an IP address, <IPv4>:<port> or [<IPv6>]:<port>.',
  kinds: ['BGPPeer'],
  check,
};
