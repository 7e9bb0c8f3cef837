/**
 * What applies to a HostEndpoint, stage by stage, in Calico's evaluation order: the text of the
 * hover on a HostEndpoint's kind or name. Built from the evaluation model (`stagesFor`), so it
 * says exactly what `calico-lint trace` walks through.
 *
 * Invariant: pure; bounded output (at most `MAX_LISTED` policies per line).
 */
import { stagesFor, type Direction } from './evaluate';
import type { HostEndpointEntry, PolicyModel } from './model';
import type { ProtoPort } from '../workspace/summary';

const MAX_LISTED = 12;
const STAGE_NAMES = { untracked: 'Untracked', preDNAT: 'Pre-DNAT', normal: 'Normal' } as const;

function ports(list: readonly ProtoPort[]): string {
  const shown = list.slice(0, MAX_LISTED).map((p) => `${p.protocol === 6 ? 'tcp' : p.protocol === 17 ? 'udp' : p.protocol}:${p.port}${p.net ? ` from ${p.net}` : ''}`);
  return shown.join(', ') + (list.length > MAX_LISTED ? ` and ${list.length - MAX_LISTED} more` : '') || 'none';
}

export function describeHostEndpoint(model: PolicyModel, hep: HostEndpointEntry): string {
  const lines: string[] = [`**HostEndpoint \`${hep.name}\`**: what Calico evaluates, in order`, ''];
  const fs = model.failsafe(hep.summary.hostEndpoint?.node);
  lines.push(`1. **Failsafe** (not for forwarded traffic): inbound ${ports(fs.inbound)} (${fs.from.inbound}); outbound ${ports(fs.outbound)} (${fs.from.outbound})`);
  let n = 2;
  for (const forwarded of [false, true]) {
    for (const direction of ['ingress', 'egress'] as Direction[]) {
      for (const sp of stagesFor(model, hep, direction, forwarded)) {
        if (forwarded && sp.stage !== 'normal') continue;
        const parts = sp.tiers.map((t) => {
          const names = t.policies.slice(0, MAX_LISTED).map((p) => `\`${p.name}\``).join(', ') + (t.policies.length > MAX_LISTED ? ` and ${t.policies.length - MAX_LISTED} more` : '');
          const end = sp.stage === 'normal' ? `, then ${t.defaultAction === 'Pass' ? 'Pass' : 'Deny'} at the end of the tier` : '';
          return `tier \`${t.name}\`: ${names}${end}`;
        });
        const label = `${STAGE_NAMES[sp.stage]} (${forwarded ? 'forwarded ' : ''}${direction})`;
        let tail = '';
        if (sp.stage === 'normal' && sp.tiers.length === 0) {
          const profiles = hep.summary.hostEndpoint?.profiles ?? [];
          tail = forwarded ? ' (forwarded traffic is allowed)' : profiles.length > 0 ? ` (the profiles decide: ${profiles.join(', ')})` : ' (default deny)';
        }
        lines.push(`${n++}. **${label}**: ${parts.length > 0 ? parts.join('; ') : `none${tail}`}`);
      }
    }
  }
  lines.push('', 'Allow and Deny end evaluation, Pass goes to the next tier, Log continues; see `calico-lint trace` to follow one flow.');
  return lines.join('\n');
}
