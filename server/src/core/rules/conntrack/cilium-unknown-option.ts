/**
 * cilium-unknown-option: a conntrack or NAT option name that cilium-agent does not have (a
 * misspelling such as `bpf-ct-global-tcp-maximum`). A name belongs to the family when it starts
 * with `bpf-ct-`, `bpf-nat-`, `bpf-neigh-`, `conntrack-gc` or `bpf-map-dynamic`, or is within two
 * edits of a known one; other unknown names are not ours to judge. In `cilium_args` the agent's
 * flag parser refuses an unknown flag and the agent does not start (error); in the `cilium-config`
 * ConfigMap an unknown key is ignored, so the intended setting silently does not apply (warning).
 */
import type { ConntrackRule } from './types';
import { OPTIONS_BY_NAME, closestOption, isFamilyName } from '../../conntrack/options';
import { bounded } from './values';

export const rule: ConntrackRule = {
  code: 'cilium-unknown-option',
  severity: 'error',
  origin: 'component',
  summary: 'A conntrack or NAT option that cilium-agent does not know: refused as a flag, ignored as a cilium-config key.',
  check(ctx) {
    for (const s of ctx.model.cilium) {
      for (const o of s.options) {
        if (o.separated || OPTIONS_BY_NAME.has(o.name) || !isFamilyName(o.name)) continue;
        const near = closestOption(o.name);
        const hint = near ? ` Did you mean '${near}'?` : '';
        if (s.source === 'cilium_args') {
          ctx.report('cilium-unknown-option', { ...o.nameSpan, message: `cilium-agent has no flag '--${bounded(o.name)}' and refuses to start with it.${hint}`, data: { name: o.name, suggestion: near ?? null, source: s.source } });
        } else {
          ctx.report('cilium-unknown-option', { ...o.nameSpan, severity: 'warning', message: `cilium-agent has no option '${bounded(o.name)}'; it ignores this key, so the setting does not apply.${hint}`, data: { name: o.name, suggestion: near ?? null, source: s.source } });
        }
      }
    }
  },
};
