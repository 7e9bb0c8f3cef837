/**
 * `invalid-tier-reference`: a policy's `spec.tier` that is not a valid resource name (lower-case
 * letters, digits, '-' and '.'). Calico checks references with its name rule; a tier so named could
 * never exist, since tier names are even stricter (a single label).
 */
import type { ResourceRule } from '../types';
import { matchesDns1123Label, matchesDns1123Subdomain } from '../../util/k8s-names';
import { CALICO_POLICY_KINDS, mapField, nodeSpan, stringScalar } from '../../model/rule-fields';

export const rule: ResourceRule = {
  code: 'invalid-tier-reference',
  severity: 'error',
  origin: 'validator',
  summary: "A policy 'tier' that is not a valid tier name.",
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    const tier = stringScalar(mapField(ctx.root, 'spec'), 'tier');
    if (!tier) return;
    const name = tier.value as string;
    if (name === '') return;
    if (!matchesDns1123Subdomain(name)) {
      ctx.report('invalid-tier-reference', { ...nodeSpan(tier), message: `'${name}' is not a valid tier name: use lower-case letters, digits and '-'.`, data: { tier: name } });
    } else if (!matchesDns1123Label(name)) {
      // Calico accepts the reference but no tier can have this name, so the policy could never be created.
      ctx.report('invalid-tier-reference', {
        ...nodeSpan(tier),
        severity: 'warning',
        message: `No tier can be named '${name}': tier names cannot contain dots, so this policy refers to a tier that cannot exist.`,
        data: { tier: name },
      });
    }
  },
};
