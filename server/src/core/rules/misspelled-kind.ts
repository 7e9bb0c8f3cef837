/**
 * `misspelled-kind`: a `projectcalico.org/v3` document whose kind is a near miss of a real Calico
 * kind (`Networkpolicy`, `GlobalNetworkPolicies`, `HostEndPoint`). Kinds are case-sensitive and
 * singular; neither kubectl nor calicoctl knows such a kind, so the resource is rejected.
 */
import type { ResourceRule } from './types';

export const rule: ResourceRule = {
  code: 'misspelled-kind',
  severity: 'error',
  origin: 'validator',
  summary: 'The kind is a misspelling of a Calico kind.',
};
