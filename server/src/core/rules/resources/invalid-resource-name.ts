/**
 * `invalid-resource-name`: a field that names another Calico or Kubernetes object (a node, a
 * profile, a BGP filter, a BGP community name, a host endpoint name prefix) is not in the name
 * format Calico's `name` validator requires: a DNS-1123 subdomain such as `node-1` or
 * `rack1.node-1`, lower case. Empty values are treated as unset, as Calico does.
 */
import type { ResourceContext, ResourceRule } from '../types';
import { nameProblem } from './go-names';
import { reportOn, select, shown, str } from './walk';

const CODE = 'invalid-resource-name';

const FIELDS: Record<string, readonly string[]> = {
  HostEndpoint: ['spec.node', 'spec.profiles[*]'],
  BGPPeer: ['spec.node', 'spec.filters[*]'],
  BGPConfiguration: ['spec.communities[*].name'],
  KubeControllersConfiguration: ['spec.controllers.node.hostEndpoint.templates[*].generateName'],
  CalicoNodeStatus: ['spec.node'],
};

const WHAT: Record<string, string> = {
  node: 'a node name',
  profiles: 'a profile name',
  filters: 'a BGPFilter name',
  name: 'a community name',
  generateName: 'a name prefix',
};

function check(ctx: ResourceContext): void {
  for (const path of FIELDS[ctx.kind] ?? []) {
    for (const hit of select(ctx.root, path)) {
      const value = str(hit.node);
      if (value === undefined || value === '') continue;
      const why = nameProblem(value);
      if (!why) continue;
      const field = path.replace(/\[\*\]/g, '').split('.').pop() ?? '';
      reportOn(ctx, CODE, hit.node, `${shown(value)} is not valid as ${WHAT[field] ?? 'a name'}: ${why}.`, { data: { field: hit.path } });
    }
  }
}

export const rule: ResourceRule = {
  code: CODE,
  severity: 'error',
  origin: 'validator',
  summary: 'A reference to another object whose name is not a valid lower-case DNS subdomain.',
  kinds: Object.keys(FIELDS),
  check,
};
