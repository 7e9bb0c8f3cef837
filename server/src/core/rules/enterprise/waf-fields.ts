/**
 * `waf-fields` (Calico Enterprise/Cloud): the CEL rules of the web application firewall kinds
 * (applicationlayer.projectcalico.org/v3):
 * - a WAFPlugin or GlobalWAFPlugin must carry something: `config`, `before`, `rules` or `after`;
 * - there is one GlobalWAFPolicy, named `default`;
 * - a namespaced WAFPolicy uses plugins of its own namespace (kind WAFPlugin), not GlobalWAFPlugins;
 * - a WAFPolicy attaches to Gateway API objects (group `gateway.networking.k8s.io`, the default).
 */
import type { ResourceContext, ResourceRule } from '../types';
import { getPair, type YMap } from '../../yaml/tree';
import { keyAt, nonEmpty, present, reportOn, select, specOf, str } from '../resources/walk';

const CODE = 'waf-fields';

function check(ctx: ResourceContext): void {
  if (ctx.kind === 'GlobalWAFPolicy') {
    const name = select(ctx.root, 'metadata.name')[0];
    const value = str(name?.node);
    if (name && value !== undefined && value !== 'default') {
      reportOn(ctx, CODE, name.node, `There is one GlobalWAFPolicy per cluster and it must be named 'default', not '${value}'.`, { data: { field: 'metadata.name' } });
    }
    return;
  }
  const spec = specOf(ctx);
  if (ctx.kind === 'WAFPlugin' || ctx.kind === 'GlobalWAFPlugin') {
    if (spec && ['config', 'before', 'rules', 'after'].some((k) => nonEmpty(spec, k) && !emptyMap(spec, k))) return;
    const at = getPair(ctx.root, 'spec') ?? getPair(ctx.root, 'kind');
    if (at) ctx.report(CODE, { ...keyAt(at), message: `A ${ctx.kind} must hold rules: set at least one of 'config', 'before', 'rules' or 'after'.`, data: { field: 'spec' } });
    return;
  }
  if (ctx.kind !== 'WAFPolicy' || !spec) return;
  for (const hit of select(spec, 'plugins[*].kind')) {
    if (str(hit.node) === 'GlobalWAFPlugin') {
      reportOn(ctx, CODE, hit.node, "A namespaced WAFPolicy can only use WAFPlugins of its own namespace; use a GlobalWAFPolicy for GlobalWAFPlugins.", { data: { field: `spec.${hit.path}` } });
    }
  }
  for (const hit of select(spec, 'targetRefs[*]')) {
    const group = present(hit.node, 'group');
    const g = str(group?.value);
    if (group?.value && g !== undefined && g !== 'gateway.networking.k8s.io') {
      reportOn(ctx, CODE, group.value, `A WAFPolicy attaches to Gateway API objects: 'group' must be gateway.networking.k8s.io (or left out), not '${g}'.`, { data: { field: `spec.${hit.path}.group` } });
    }
  }
}

/** `size(x) > 0` on a mapping counts its keys. */
function emptyMap(spec: YMap, key: string): boolean {
  const v = present(spec, key)?.value;
  return v !== undefined && v !== null && v.kind === 'map' && v.pairs.length === 0;
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'cel',
  summary: 'Web application firewall resources the CRDs refuse: an empty plugin, a misnamed GlobalWAFPolicy, wrong plugin kinds or target groups (Calico Enterprise/Cloud).',
  editions: ['enterprise'],
  celRules: [
    '(has(self.config) && size(self.config) > 0) || (has(self.before) && size(self.before) > 0) || (has(self.rules) && size(self.rules) > 0) || (has(self.after) && size(self.after) > 0)',
    "self.metadata.name == 'default'",
    "self.all(p, !has(p.kind) || p.kind != 'GlobalWAFPlugin')",
    "!has(self.targetRefs) || self.targetRefs.all(ref, ref.group == 'gateway.networking.k8s.io')",
  ],
  kinds: ['WAFPlugin', 'GlobalWAFPlugin', 'GlobalWAFPolicy', 'WAFPolicy'],
  check,
};
