/**
 * `untracked-pre-dnat-conflict` (error): `doNotTrack` and `preDNAT` both true. A policy is either
 * untracked (stateless, before conntrack) or pre-DNAT (stateful, before DNAT), never both; Calico's
 * CRD rule refuses the combination. Two unsafe fixes remove one flag or the other: only the author
 * knows which was meant.
 */
import type { ResourceRule } from '../types';
import { GLOBAL_POLICY_KINDS, keySpan, readFlags } from './common';

const CEL = '!((has(self.doNotTrack) && self.doNotTrack) && (has(self.preDNAT) && self.preDNAT))';

export const rule: ResourceRule = {
  code: 'untracked-pre-dnat-conflict',
  severity: 'error',
  origin: 'cel',
  summary: 'A policy cannot be both untracked (doNotTrack) and pre-DNAT.',
  celRules: [CEL],
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || !f.isDoNotTrack || !f.isPreDNAT) return;
    const [first, second] = f.doNotTrack!.key.start < f.preDNAT!.key.start ? [f.doNotTrack!, f.preDNAT!] : [f.preDNAT!, f.doNotTrack!];
    ctx.report('untracked-pre-dnat-conflict', {
      ...keySpan(second),
      message: `'doNotTrack' and 'preDNAT' cannot both be true: untracked policy bypasses connection tracking, while pre-DNAT policy is tracked and runs before DNAT. Keep the one you meant.`,
      related: [{ ...keySpan(first), message: `'${first.keyText}' is also set here` }],
      // Where the policy starts in its document, for the fixes (a flag may come from a merge).
      data: { resource: ctx.root.start },
    });
  },
};
