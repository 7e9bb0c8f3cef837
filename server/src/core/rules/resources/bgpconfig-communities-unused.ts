/**
 * `bgpconfig-communities-unused`: `spec.communities` only defines names for prefix advertisements
 * to use, so the BGPConfiguration CRD refuses a non-empty `communities` list when there is no
 * `prefixAdvertisements` entry.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { keyAt, nonEmpty, present, specOf } from './walk';

const CODE = 'bgpconfig-communities-unused';

function check(ctx: ResourceContext): void {
  const spec = specOf(ctx);
  if (!spec) return;
  const communities = nonEmpty(spec, 'communities');
  if (!communities || communities.value?.kind !== 'seq') return;
  const adv = present(spec, 'prefixAdvertisements');
  if (adv && (adv.value?.kind !== 'seq' || adv.value.items.length > 0)) return;
  ctx.report(CODE, {
    ...keyAt(communities),
    message: "'communities' can only be defined together with 'prefixAdvertisements' that use them; add a prefix advertisement or remove the list.",
    data: { field: 'spec.communities' },
  });
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'BGP communities defined without any prefix advertisement.',
  celRules: ['!has(self.communities) || size(self.communities) == 0 || (has(self.prefixAdvertisements) && size(self.prefixAdvertisements) > 0)'],
  kinds: ['BGPConfiguration'],
  check,
};
