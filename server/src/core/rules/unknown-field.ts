/**
 * `unknown-field`: a key the resource's schema does not define. kubectl's strict field validation
 * and calicoctl both refuse unknown fields, so this is an error. The message suggests the closest
 * known field, since most unknown fields are typos or wrong capitalisation.
 */
import type { ResourceRule } from './types';
import { closest } from '../util/strings';

export const rule: ResourceRule = {
  code: 'unknown-field',
  severity: 'error',
  origin: 'schema',
  summary: 'A field that this kind of resource does not have.',
};

/** Data attached to the diagnostic, used by the rename fix. */
export interface UnknownFieldData {
  field: string;
  suggestion?: string;
}

/** Fields that exist on a sibling kind but not on this one: a wrong kind, not a typo. */
const OTHER_KIND: Record<string, Record<string, string>> = {
  spec: {
    doNotTrack: 'exists only on GlobalNetworkPolicy and StagedGlobalNetworkPolicy: untracked policy acts on host endpoints, which a namespaced policy cannot select. Use a GlobalNetworkPolicy',
    preDNAT: 'exists only on GlobalNetworkPolicy and StagedGlobalNetworkPolicy: pre-DNAT policy acts on host endpoints, which a namespaced policy cannot select. Use a GlobalNetworkPolicy',
    applyOnForward: 'exists only on GlobalNetworkPolicy and StagedGlobalNetworkPolicy: it controls host endpoint policy for forwarded traffic, and a namespaced policy cannot select host endpoints. Use a GlobalNetworkPolicy',
    namespaceSelector: "exists only on cluster-wide policies; a namespaced policy already applies to its own namespace (set 'metadata.namespace')",
  },
};
const NAMESPACED_POLICY_KINDS = new Set(['NetworkPolicy', 'StagedNetworkPolicy']);

export function unknownFieldMessage(field: string, where: string, known: readonly string[], kind?: string): { message: string; data: UnknownFieldData } {
  const place = where ? ` in ${where}` : '';
  const otherKind = kind && NAMESPACED_POLICY_KINDS.has(kind) ? OTHER_KIND[where]?.[field] : undefined;
  if (otherKind) return { message: `'${field}' is not a field of ${kind}: it ${otherKind}.`, data: { field } };
  const suggestion = closest(field, known);
  let message = `Unknown field '${field}'${place}.`;
  if (suggestion) {
    message += suggestion.toLowerCase() === field.toLowerCase()
      ? ` Field names are case-sensitive: did you mean '${suggestion}'?`
      : ` Did you mean '${suggestion}'?`;
  } else if (known.length > 0 && known.length <= 12) {
    message += ` Known fields: ${known.join(', ')}.`;
  }
  const data: UnknownFieldData = { field };
  if (suggestion) data.suggestion = suggestion;
  return { message, data };
}
