/**
 * Facts about tiers shared by the tier checks: the built-in tiers and their end-of-tier actions.
 *
 * Calico always has the tiers `default` (defaultAction Deny), `kube-admin` and `kube-baseline`
 * (both Pass); they cannot be deleted (projectcalico/calico libcalico-go/lib/names/policy.go,
 * `ProtectedTierNames`; the CRD's CEL rules fix their actions, see tier-invariant). A policy without
 * `tier` is in `default`. At the end of a tier, traffic of an endpoint that some policy of the
 * tier selected, and that no policy allowed, denied or passed, gets the tier's `defaultAction`
 * (https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy).
 */
export const BUILT_IN_TIERS: ReadonlyMap<string, 'Deny' | 'Pass'> = new Map([
  ['default', 'Deny'],
  ['kube-admin', 'Pass'],
  ['kube-baseline', 'Pass'],
]);

export const TIER_DOCS = 'https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy';
