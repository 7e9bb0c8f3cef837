/**
 * `apply-on-forward-required` (error): an untracked or pre-DNAT policy without
 * `applyOnForward: true`. Both kinds of policy act on all forwarded traffic, so Calico's CRD rule
 * refuses them otherwise. The fix sets the flag.
 */
import type { ResourceRule } from '../types';
import { DOCS, GLOBAL_POLICY_KINDS, keySpan, readFlags } from './common';

const CEL = "(has(self.applyOnForward) && self.applyOnForward) || ((!has(self.doNotTrack) || !self.doNotTrack) && (!has(self.preDNAT) || !self.preDNAT))";

/** Data for the fix: which flag triggered it and whether `applyOnForward` is absent or false. */
export interface ApplyOnForwardData {
  flag: 'doNotTrack' | 'preDNAT';
  applyOnForward: 'absent' | 'false';
  /** Where the policy starts in its document (the flag may be written elsewhere, through a merge). */
  resource?: number;
}

export const rule: ResourceRule = {
  code: 'apply-on-forward-required',
  severity: 'error',
  origin: 'cel',
  summary: 'Untracked and pre-DNAT policies must set applyOnForward: true.',
  celRules: [CEL],
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || (!f.isDoNotTrack && !f.isPreDNAT)) return;
    if (f.applyOnForwardState === true || f.applyOnForwardState === 'invalid') return;
    const flag = f.isDoNotTrack ? 'doNotTrack' : 'preDNAT';
    const pair = f.isDoNotTrack ? f.doNotTrack! : f.preDNAT!;
    const what = flag === 'doNotTrack' ? 'An untracked (doNotTrack) policy' : 'A pre-DNAT policy';
    const state = f.applyOnForwardState === false ? "sets 'applyOnForward: false'" : "does not set 'applyOnForward'";
    const data: ApplyOnForwardData = { flag, applyOnForward: f.applyOnForwardState === false ? 'false' : 'absent', resource: ctx.root.start };
    ctx.report('apply-on-forward-required', {
      ...keySpan(pair),
      message: `${what} must also apply to forwarded traffic, but this one ${state}; Calico rejects it. Add 'applyOnForward: true' (see ${DOCS.forwarded}).`,
      data,
    });
  },
};
