/**
 * `invalid-community`: a BGP community value that Calico refuses, or a prefix advertisement that
 * names a community which is not defined.
 *
 * A standard community is `aa:nn` with both parts at most 65535; a large community is `aa:nn:mm`
 * with each part at most 4294967295. In `prefixAdvertisements[].communities`, each entry is either
 * such a value or the `name` of an entry of `spec.communities`. (Values that do not even look like
 * communities in `spec.communities` are reported by the schema's pattern.)
 */
import type { ResourceContext, ResourceRule } from '../types';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-community';

const STANDARD = /^(\d+):(\d+)$/;
const LARGE = /^(\d+):(\d+):(\d+)$/;

/** undefined when well-formed and in range; 'format' when not community-shaped; else the reason. */
function communityProblem(v: string): string | 'format' | undefined {
  const std = STANDARD.exec(v);
  if (std) {
    return [std[1]!, std[2]!].some((p) => BigInt(p) > 65535n) ? `in a standard community (aa:nn) each part must be at most 65535` : undefined;
  }
  const large = LARGE.exec(v);
  if (large) {
    return [large[1]!, large[2]!, large[3]!].some((p) => BigInt(p) > 4294967295n) ? `in a large community (aa:nn:mm) each part must be at most 4294967295` : undefined;
  }
  return 'format';
}

function check(ctx: ResourceContext): void {
  const names = new Set<string>();
  for (const hit of select(ctx.root, 'spec.communities[*]')) {
    const name = str(select(hit.node, 'name')[0]?.node);
    if (name) names.add(name);
    const valueHit = select(hit.node, 'value')[0];
    const value = str(valueHit?.node);
    if (!valueHit || !value) continue;
    const why = communityProblem(value);
    if (why && why !== 'format') reportOn(ctx, CODE, valueHit.node, `${shown(value)} is out of range: ${why}.`, { data: { field: `${hit.path}.value` } });
  }
  for (const hit of select(ctx.root, 'spec.prefixAdvertisements[*].communities[*]')) {
    const value = str(hit.node);
    if (value === undefined) continue;
    const why = communityProblem(value);
    if (why === undefined) continue;
    if (why !== 'format') {
      reportOn(ctx, CODE, hit.node, `${shown(value)} is out of range: ${why}.`, { data: { field: hit.path } });
    } else if (!names.has(value)) {
      const hint = names.size > 0 ? ` Defined names: ${[...names].slice(0, 5).join(', ')}.` : ' No communities are defined in spec.communities.';
      reportOn(ctx, CODE, hit.node, `${shown(value)} is neither a community value (aa:nn or aa:nn:mm) nor the name of a community in spec.communities.${hint}`, {
        data: { field: hit.path, undefinedName: value },
      });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A BGP community value out of range, or a prefix advertisement naming an undefined community.',
  kinds: ['BGPConfiguration'],
  check,
};
