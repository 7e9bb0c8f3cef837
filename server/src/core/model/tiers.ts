/**
 * Calico's built-in tiers and the tier a policy belongs to: one table for every check and for the
 * evaluation model, so their order and end-of-tier action cannot drift apart.
 *
 * Calico always has `kube-admin` (order 1000, Pass), `default` (order 1000000, Deny) and
 * `kube-baseline` (order 10000000, Pass); they cannot be deleted (projectcalico/calico
 * libcalico-go/lib/names/policy.go, `ProtectedTierNames`), and the Tier CRD's CEL rules fix their
 * order and `defaultAction` (see rules/policy/tier-invariant.ts; api/pkg/apis/projectcalico/v3/
 * tier.go, `DefaultTierOrder`). A policy without `tier` (or with an empty one) is in `default`.
 */
export interface BuiltInTier {
  order: number;
  defaultAction: 'Deny' | 'Pass';
}

export const DEFAULT_TIER = 'default';

export const BUILT_IN_TIERS: ReadonlyMap<string, BuiltInTier> = new Map([
  ['kube-admin', { order: 1000, defaultAction: 'Pass' }],
  [DEFAULT_TIER, { order: 1000000, defaultAction: 'Deny' }],
  ['kube-baseline', { order: 10000000, defaultAction: 'Pass' }],
]);

/** The tier a policy is evaluated in: its `spec.tier`, `default` when unset or empty. */
export function policyTier(p: { tier?: string }): string {
  return p.tier || DEFAULT_TIER;
}
