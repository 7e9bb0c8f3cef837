/**
 * What the tier checks share: the docs page they cite. The built-in tiers are in model/tiers.ts.
 * At the end of a tier, traffic of an endpoint that some policy of the tier selected, and that no
 * policy allowed, denied or passed, gets the tier's `defaultAction`
 * (https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy).
 */

export const TIER_DOCS = 'https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy';
