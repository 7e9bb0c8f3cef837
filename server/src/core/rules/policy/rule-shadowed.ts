/**
 * `rule-shadowed` (warning): a rule that can never match, because an earlier rule of the same
 * policy and direction whose action ends evaluation (Allow, Deny or Pass) matches every packet it
 * matches. Calico accepts the policy; the later rule is dead, which usually means the author
 * expected it to take effect (a Deny after a broad Allow, say). Containment is judged field by
 * field and only when certain (`policy/shadow.ts`). Related information points at the earlier
 * rule; an unsafe fix removes the dead rule (it changes nothing Calico does, but the author may
 * rather reorder).
 *
 * Only rules of one policy are compared here; shadowing across the policies of a tier, at the
 * HostEndpoints of the workspace, is `rule-shadowed-by-policy` (information).
 */
import type { ResourceRule } from '../types';
import { CALICO_POLICY_KINDS } from '../../model/rule-fields';
import { getValue } from '../../yaml/tree';
import { readRules } from '../../untracked/model';
import { shadowedRules } from '../../policy/shadow';

/** What the removal fix needs: the dead rule, and the rule that hides it. */
export interface ShadowedData {
  direction: 'ingress' | 'egress';
  index: number;
  by: { direction: 'ingress' | 'egress'; index: number; action: string };
}

export const rule: ResourceRule = {
  code: 'rule-shadowed',
  severity: 'warning',
  origin: 'semantics',
  summary: 'A rule that can never match: an earlier rule of the same policy with Allow, Deny or Pass matches every packet it matches.',
  kinds: CALICO_POLICY_KINDS,
  check(ctx) {
    const spec = getValue(ctx.root, 'spec');
    if (!spec || spec.kind !== 'map') return;
    for (const { rule: r, by } of shadowedRules(readRules(spec))) {
      const data: ShadowedData = { direction: r.direction, index: r.index, by: { direction: by.direction, index: by.index, action: by.action } };
      ctx.report('rule-shadowed', {
        start: r.span.start,
        end: r.span.end,
        message: `This ${r.direction} rule can never match: ${by.direction} rule ${by.index} (${by.action}) comes before it and matches every packet it matches, so evaluation ends there. Remove this rule, or move it above that one if it should take precedence.`,
        data,
        related: [{ start: by.span.start, end: by.span.end, message: `${by.direction} rule ${by.index} (${by.action}) matches first` }],
        tags: ['unnecessary'],
      });
    }
  },
};
