/**
 * Rules for Calico policy kinds (GlobalNetworkPolicy, NetworkPolicy, their staged forms,
 * StagedKubernetesNetworkPolicy) and Tier: what Calico's decoding, validator and CRD CEL rules
 * check beyond the JSON Schema. Listed in the order their checks run.
 */
import { rule as ruleShadowed } from './rule-shadowed';
import type { ResourceRule } from '../types';
import { rule as invalidSelector } from './invalid-selector';
import { rule as globalSelectorMisplaced } from './global-selector-misplaced';
import { rule as invalidTierReference } from './invalid-tier-reference';
import { rule as stagedDeleteNotEmpty } from './staged-delete-not-empty';
import { rule as invalidProtocol } from './invalid-protocol';
import { rule as invalidPort } from './invalid-port';
import { rule as portProtocolMismatch } from './port-protocol-mismatch';
import { rule as icmpRequiresProtocol } from './icmp-requires-protocol';
import { rule as icmpCodeWithoutType } from './icmp-code-without-type';
import { rule as icmpIpVersionMismatch } from './icmp-ip-version-mismatch';
import { rule as invalidCidr } from './invalid-cidr';
import { rule as ipVersionMismatch } from './ip-version-mismatch';
import { rule as catchAllNotNets } from './catch-all-not-nets';
import { rule as servicesExclusive } from './services-exclusive';
import { rule as servicesMisplaced } from './services-misplaced';
import { rule as invalidServiceMatch } from './invalid-service-match';
import { rule as httpMatchNotAllowed } from './http-match-not-allowed';
import { rule as httpMatchRequiresTcp } from './http-match-requires-tcp';
import { rule as invalidHttpMatch } from './invalid-http-match';
import { rule as tierInvariant } from './tier-invariant';
import { rule as selectorUnsatisfiable } from './selector-unsatisfiable';

export const POLICY_RULES: readonly ResourceRule[] = [
  invalidSelector,
  globalSelectorMisplaced,
  invalidTierReference,
  stagedDeleteNotEmpty,
  invalidProtocol,
  invalidPort,
  portProtocolMismatch,
  icmpRequiresProtocol,
  icmpCodeWithoutType,
  icmpIpVersionMismatch,
  invalidCidr,
  ipVersionMismatch,
  catchAllNotNets,
  servicesExclusive,
  servicesMisplaced,
  invalidServiceMatch,
  httpMatchNotAllowed,
  httpMatchRequiresTcp,
  invalidHttpMatch,
  tierInvariant,
  selectorUnsatisfiable,
  ruleShadowed,
];
