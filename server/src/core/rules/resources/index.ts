/**
 * The rules for Calico's non-policy kinds (HostEndpoint, network sets, IPPool, IPReservation, BGP
 * kinds, FelixConfiguration, KubeControllersConfiguration and the IPAM/status kinds): the checks of
 * Calico's Go validator, Go decoding and CRD CEL rules that the JSON Schema layer cannot express.
 * Each rule owns one code; the order below is the order their checks run in.
 *
 * Not reproduced: update-only CEL rules (`self == oldSelf` on IPPool `cidr` and `blockSize`),
 * which need the stored object, and checks against cluster state (overlapping pools, existing
 * BGP filters); see docs/dev/resource-rules.md.
 */
import type { ResourceRule } from '../types';
import { rule as hostendpointNodeRequired } from './hostendpoint-node-required';
import { rule as hostendpointNoInterface } from './hostendpoint-no-interface';
import { rule as invalidResourceName } from './invalid-resource-name';
import { rule as invalidInterfaceName } from './invalid-interface-name';
import { rule as invalidIp } from './invalid-ip';
import { rule as invalidNetwork } from './invalid-network';
import { rule as cidrNotMasked } from './cidr-not-masked';
import { rule as invalidEndpointPort } from './invalid-endpoint-port';
import { rule as invalidPortRange } from './invalid-port-range';
import { rule as invalidResourceSelector } from './invalid-resource-selector';
import { rule as ippoolLinkLocal } from './ippool-link-local';
import { rule as ippoolBlockSize } from './ippool-block-size';
import { rule as ippoolEncapsulation } from './ippool-encapsulation';
import { rule as ippoolAllowedUses } from './ippool-allowed-uses';
import { rule as invalidPeerIp } from './invalid-peer-ip';
import { rule as bgppeerFieldConflict } from './bgppeer-field-conflict';
import { rule as invalidCommunity } from './invalid-community';
import { rule as bgpconfigNodeMesh } from './bgpconfig-node-mesh';
import { rule as bgpconfigCommunitiesUnused } from './bgpconfig-communities-unused';
import { rule as bgpfilterRuleFields } from './bgpfilter-rule-fields';
import { rule as missingValue } from './missing-value';
import { rule as invalidNumber } from './invalid-number';
import { rule as invalidDuration } from './invalid-duration';
import { rule as invalidRegexp } from './invalid-regexp';
import { rule as invalidChoice } from './invalid-choice';
import { rule as invalidFormat } from './invalid-format';
import { rule as felixNodeSelectorScope } from './felix-node-selector-scope';
import { rule as felixRouteTableRange } from './felix-route-table-range';
import { rule as templateMetadata } from './template-metadata';
import { rule as blockaffinityDeleted } from './blockaffinity-deleted';
import { rule as rejectedOnApply } from './rejected-on-apply';

export const KIND_RULES: readonly ResourceRule[] = [
  hostendpointNodeRequired,
  hostendpointNoInterface,
  invalidResourceName,
  invalidInterfaceName,
  invalidIp,
  invalidNetwork,
  cidrNotMasked,
  invalidEndpointPort,
  invalidPortRange,
  invalidResourceSelector,
  ippoolLinkLocal,
  ippoolBlockSize,
  ippoolEncapsulation,
  ippoolAllowedUses,
  invalidPeerIp,
  bgppeerFieldConflict,
  invalidCommunity,
  bgpconfigNodeMesh,
  bgpconfigCommunitiesUnused,
  bgpfilterRuleFields,
  missingValue,
  invalidNumber,
  invalidDuration,
  invalidRegexp,
  invalidChoice,
  invalidFormat,
  felixNodeSelectorScope,
  felixRouteTableRange,
  templateMetadata,
  blockaffinityDeleted,
  rejectedOnApply,
];
