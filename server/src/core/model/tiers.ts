/**
 * Calico's built-in tiers and the tier a policy belongs to: one table for every check and for the
 * evaluation model, so their order and end-of-tier action cannot drift apart.
 *
 * Calico always has `kube-admin` (order 1000, Pass), `default` (order 1000000, Deny) and
 * `kube-baseline` (order 10000000, Pass); they cannot be deleted (projectcalico/calico
 * libcalico-go/lib/names/policy.go, `ProtectedTierNames`), and the Tier CRD's CEL rules fix their
 * order and `defaultAction` (see rules/policy/tier-invariant.ts; api/pkg/apis/projectcalico/v3/
 * tier.go, `DefaultTierOrder`). A policy without `tier` (or with an empty one) is in `default`.
 *
 * The built-in tiers exist in every cluster whether or not the files define them: Calico's
 * datastore initialisation creates `default` with Deny and `kube-admin` and `kube-baseline` with
 * Pass (libcalico-go/lib/clientv3/client.go, `EnsureInitialized` → `ensureTierExists`). So when
 * the workspace has no Tier resource of a name, the end-of-tier action is the built-in one; for
 * any other tier it is Deny: Felix then has no default action for the tier, and it drops at the
 * end of a tier whenever the action is not Pass (felix/rules/endpoints.go,
 * `tier.DefaultAction != string(v3.Pass)`). A Tier resource that leaves `defaultAction` unset
 * means Deny (libcalico-go/.../updateprocessors/tierprocessor.go: "Any value except Pass is
 * interpreted as Deny"), and the built-in tiers must set theirs (the CRD's CEL rules).
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

/** The end-of-tier action of a tier the workspace has no Tier resource for (see above). */
export function defaultActionWithoutResource(name: string): 'Deny' | 'Pass' {
  return BUILT_IN_TIERS.get(name)?.defaultAction ?? 'Deny';
}
