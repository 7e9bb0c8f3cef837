/**
 * `untracked-named-port` (information): an untracked Allow rule that names its own port
 * (`ports: [http]`). A named port's number depends on the endpoint, so the reply rule cannot be
 * derived reliably: the symmetry check skips such ports rather than guess, and says so here.
 */
import type { ResourceRule } from '../types';
import { getValue } from '../../yaml/tree';
import { GLOBAL_POLICY_KINDS, allowRules, readFlags } from './common';

export const rule: ResourceRule = {
  code: 'untracked-named-port',
  severity: 'information',
  origin: 'advice',
  summary: 'A named port in an untracked Allow rule: its reply rule cannot be checked or generated.',
  kinds: GLOBAL_POLICY_KINDS,
  check(ctx) {
    const f = readFlags(ctx.root);
    if (!f || !f.isDoNotTrack) return;
    for (const { direction, item } of allowRules(f.spec)) {
      // The service side: replies come back from the rule's destination ports.
      const ports = getValue(getValue(item, 'destination'), 'ports');
      if (!ports || ports.kind !== 'seq') continue;
      for (const p of ports.items) {
        if (p.kind !== 'scalar' || p.type !== 'string' || /^\d+(:\d+)?$/.test(String(p.value))) continue;
        ctx.report('untracked-named-port', {
          start: p.start,
          end: p.end,
          message: `'${String(p.value)}' is a named port: its number depends on the endpoint's port definitions, so the matching ${direction === 'ingress' ? 'egress' : 'ingress'} reply rule is not checked. Make sure replies from that port are allowed, or use the port number.`,
          data: { name: String(p.value), direction },
        });
      }
    }
  },
};
