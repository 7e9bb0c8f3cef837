/**
 * `staged-delete-not-empty`: a staged policy with `stagedAction: Delete` that still carries policy
 * content. A staged deletion only names the policy to delete, so Calico wants every other spec
 * field left at its zero value: for StagedNetworkPolicy and StagedGlobalNetworkPolicy everything
 * except `tier` (and `stagedAction`); for StagedKubernetesNetworkPolicy everything (an empty
 * `podSelector: {}` is fine).
 *
 * "Zero" is Go's: `false`, `""`, an absent list. `order: 0` is not zero (it is a set pointer).
 * `types` is left alone: `calicoctl apply` clears it for deletions although `calicoctl validate`
 * refuses it, so it is not certain to be an error. Empty lists and maps are also left alone.
 */
import type { ResourceRule } from '../types';
import type { YNode } from '../../yaml/tree';
import { keySpan, mapField } from '../../model/rule-fields';
import { isStagedDelete } from './staged';

const KEEP: Record<string, readonly string[]> = {
  StagedNetworkPolicy: ['stagedAction', 'tier', 'types'],
  StagedGlobalNetworkPolicy: ['stagedAction', 'tier', 'types'],
  StagedKubernetesNetworkPolicy: ['stagedAction'],
};

/** Whether a value is Go's zero value for its field, or close enough that we stay silent. */
function isZeroish(key: string, v: YNode | null): boolean {
  if (!v) return true;
  if (v.kind === 'scalar') {
    if (v.type === 'null') return true;
    if (key === 'order') return false;
    if (v.type === 'boolean') return v.value === false;
    if (v.type === 'string') return v.value === '';
    return false;
  }
  if (v.kind === 'seq') return v.items.length === 0;
  return v.pairs.length === 0;
}

export const rule: ResourceRule = {
  code: 'staged-delete-not-empty',
  severity: 'error',
  origin: 'validator',
  summary: 'A staged policy with stagedAction Delete that still sets other spec fields.',
  kinds: Object.keys(KEEP),
  check(ctx) {
    if (!isStagedDelete(ctx.root)) return;
    const keep = KEEP[ctx.kind] ?? [];
    const spec = mapField(ctx.root, 'spec');
    if (!spec) return;
    for (const pair of spec.pairs) {
      if (pair.keyText === null || keep.includes(pair.keyText)) continue;
      if (isZeroish(pair.keyText, pair.value)) continue;
      const what = ctx.kind === 'StagedKubernetesNetworkPolicy' ? 'other spec fields' : "spec fields other than 'tier'";
      ctx.report('staged-delete-not-empty', {
        ...keySpan(pair),
        message: `With 'stagedAction: Delete' the staged policy only names the policy to delete; remove '${pair.keyText}' (${what} must be left empty).`,
        data: { path: `spec.${pair.keyText}`, field: pair.keyText },
      });
    }
  },
};
