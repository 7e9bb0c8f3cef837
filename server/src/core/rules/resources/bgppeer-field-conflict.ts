/**
 * `bgppeer-field-conflict`: BGPPeer field combinations Calico refuses.
 *
 * From the CRD's CEL rules (a string field counts as set when non-empty):
 * - `node` and `nodeSelector` are alternatives, as are `peerIP` and `peerSelector`;
 * - `peerSelector` peers take their AS numbers from the selected nodes, so `asNumber` must be unset or 0;
 * - `localWorkloadSelector` excludes `peerIP` and `peerSelector`, and needs a non-zero `asNumber`;
 * - `reachableBy` only makes sense with `peerIP`;
 * - `keepOriginalNextHop: true` cannot be combined with `nextHopMode`.
 * From Calico's validator: `reachableBy` and `peerIP` must be of the same IP family.
 * Calico Enterprise/Cloud only (the fields exist only there): a peer is reached through a
 * `network` or an `externalNetwork`, not both.
 *
 * Each finding is on the key of the field that has to go (the later of the pair).
 */
import type { ResourceContext, ResourceRule } from '../types';
import type { YPair } from '../../yaml/tree';
import { parseIp } from '../../util/ip';
import { goVersion, parsePeerAddress } from './go-net';
import { bool, int, keyAt, nonEmpty, present, reportOn, specOf, str } from './walk';

const CODE = 'bgppeer-field-conflict';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const set = (k: string): YPair | undefined => {
    const p = nonEmpty(spec, k);
    return p && str(p.value) !== undefined ? p : undefined;
  };
  const report = (p: YPair, message: string, other: string): void => {
    ctx.report(CODE, { ...keyAt(p), message, data: { field: `spec.${p.keyText}`, conflictsWith: `spec.${other}` } });
  };
  const node = set('node');
  const nodeSel = set('nodeSelector');
  const peerIP = set('peerIP');
  const peerSel = set('peerSelector');
  const lws = set('localWorkloadSelector');
  const reachable = set('reachableBy');
  const asPair = present(spec, 'asNumber');
  const asn = int(asPair?.value);

  if (node && nodeSel) report(nodeSel, "Use either 'node' (one node) or 'nodeSelector' (several nodes), not both.", 'node');
  if (peerIP && peerSel) report(peerSel, "Use either 'peerIP' (one peer) or 'peerSelector' (Calico nodes as peers), not both.", 'peerIP');
  if (peerSel && asPair && asn !== undefined && asn !== 0) report(asPair, "'asNumber' must not be set with 'peerSelector': the selected nodes' own AS numbers are used.", 'peerSelector');
  if (lws && peerIP) report(lws, "'localWorkloadSelector' cannot be combined with 'peerIP'; it selects the workloads to peer with.", 'peerIP');
  if (lws && peerSel) report(lws, "'localWorkloadSelector' cannot be combined with 'peerSelector'.", 'peerSelector');
  if (lws && (asn === undefined || asn === 0) && !(asPair && asn === undefined)) {
    report(lws, "A 'localWorkloadSelector' peer needs a non-zero 'asNumber' for the workloads' AS.", 'asNumber');
  }
  if (reachable && !peerIP) report(reachable, "'reachableBy' needs 'peerIP': it names the gateway used to reach that peer.", 'peerIP');
  const keep = present(spec, 'keepOriginalNextHop');
  const nextHop = present(spec, 'nextHopMode');
  if (keep && bool(keep.value) === true && nextHop) report(nextHop, "'nextHopMode' replaces 'keepOriginalNextHop'; use 'nextHopMode: Keep' and remove keepOriginalNextHop.", 'keepOriginalNextHop');

  if (ctx.edition === 'enterprise') {
    const network = set('network');
    const external = set('externalNetwork');
    if (network && external) report(external, "Use either 'network' or 'externalNetwork' to say where the peer is, not both.", 'network');
  }

  if (reachable?.value && peerIP) {
    const gw = parseIp(str(reachable.value)!);
    const peer = parsePeerAddress(str(peerIP.value)!);
    if (gw && peer.ok && goVersion(gw) !== goVersion(peer.value.ip)) {
      reportOn(ctx, CODE, reachable.value, `'reachableBy' is an IPv${goVersion(gw)} address but 'peerIP' is IPv${goVersion(peer.value.ip)}; the gateway must be of the peer's family.`, {
        data: { field: 'spec.reachableBy', conflictsWith: 'spec.peerIP' },
      });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'BGPPeer fields that cannot be used together, or a field used without the one it needs.',
  celRules: [
    '(!has(self.node) || size(self.node) == 0) || (!has(self.nodeSelector) || size(self.nodeSelector) == 0)',
    '(!has(self.peerIP) || size(self.peerIP) == 0) || (!has(self.peerSelector) || size(self.peerSelector) == 0)',
    '(!has(self.peerSelector) || size(self.peerSelector) == 0) || !has(self.asNumber) || self.asNumber == 0',
    '(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (!has(self.peerIP) || size(self.peerIP) == 0)',
    '(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (!has(self.peerSelector) || size(self.peerSelector) == 0)',
    '(!has(self.localWorkloadSelector) || size(self.localWorkloadSelector) == 0) || (has(self.asNumber) && self.asNumber != 0)',
    '!has(self.reachableBy) || size(self.reachableBy) == 0 || (has(self.peerIP) && size(self.peerIP) > 0)',
    '!has(self.keepOriginalNextHop) || !self.keepOriginalNextHop || !has(self.nextHopMode)',
    // Calico Enterprise/Cloud's CRD only.
    '(!has(self.network) || size(self.network) == 0) || (!has(self.externalNetwork) || size(self.externalNetwork) == 0)',
  ],
  kinds: ['BGPPeer'],
  check,
};
