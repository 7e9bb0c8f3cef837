/**
 * `invalid-name`: `metadata.name` breaks the naming rules Calico applies to this kind.
 *
 * Every kind: a DNS-1123 subdomain of at most 253 characters (Calico's validator, and the
 * Kubernetes API server for any custom resource). On top of that:
 * - GlobalNetworkPolicy, StagedGlobalNetworkPolicy: at most one dot (`name` or `prefix.name`);
 * - NetworkPolicy, StagedNetworkPolicy: at most one dot, or the reserved `knp.default.` /
 *   `ossg.default.` prefixes followed by any subdomain;
 * - Tier: a single DNS-1123 label of at most 63 characters (tier names appear inside other names
 *   and in label values).
 *
 * A missing name is the schema's business (`required-field`); an empty string is reported here,
 * since it passes the schema but not Calico's name pattern.
 */
import type { ResourceRule } from '../types';
import { getPair } from '../../yaml/tree';
import { DNS1123_LABEL_MAX, DNS1123_SUBDOMAIN_MAX, matchesDns1123Label, matchesDns1123Subdomain, utf8Length } from '../../util/k8s-names';
import { mapField, nodeSpan } from '../../model/rule-fields';

// Calico's policy name patterns, with DNS1123_LABEL (`[a-z0-9]([-a-z0-9]*[a-z0-9])?`) written out.
// They are ASCII-only, so JavaScript reads them exactly as Go does; written as literals so the
// regular-expression review (test/unit/regex-review.test.ts) can check that they are linear.
const ONE_DOT_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAMESPACED_POLICY_NAME = /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)?|((knp|ossg)\.default\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*))$/;

export interface InvalidNameData {
  name: string;
  /** Which rule the name breaks. */
  reason: 'too-long' | 'subdomain' | 'one-dot' | 'namespaced-policy' | 'tier';
  limit?: number;
}

/** The first problem Calico finds with `name` for `kind`, or undefined when the name is fine. */
export function nameProblem(kind: string, name: string): { message: string; data: InvalidNameData } | undefined {
  const len = utf8Length(name);
  const shown = name === '' ? 'An empty name' : `The name '${name.length > 80 ? `${name.slice(0, 77)}...` : name}'`;
  if (kind === 'Tier') {
    if (len > DNS1123_LABEL_MAX) return { message: `Tier names may be at most ${DNS1123_LABEL_MAX} characters long; this one has ${len}.`, data: { name, reason: 'too-long', limit: DNS1123_LABEL_MAX } };
    if (!matchesDns1123Label(name)) return { message: `${shown} is not a valid tier name: use lower-case letters, digits and '-', starting and ending with a letter or digit, and no dots.`, data: { name, reason: 'tier' } };
    return undefined;
  }
  if (len > DNS1123_SUBDOMAIN_MAX) return { message: `Names may be at most ${DNS1123_SUBDOMAIN_MAX} characters long; this one has ${len}.`, data: { name, reason: 'too-long', limit: DNS1123_SUBDOMAIN_MAX } };
  if (!matchesDns1123Subdomain(name)) return { message: `${shown} is not valid: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit.`, data: { name, reason: 'subdomain' } };
  if ((kind === 'GlobalNetworkPolicy' || kind === 'StagedGlobalNetworkPolicy') && !ONE_DOT_NAME.test(name)) {
    return { message: `${shown} has more than one dot; ${kind} names may contain at most one ('name' or 'prefix.name').`, data: { name, reason: 'one-dot' } };
  }
  if ((kind === 'NetworkPolicy' || kind === 'StagedNetworkPolicy') && !NAMESPACED_POLICY_NAME.test(name)) {
    return { message: `${shown} has more than one dot; ${kind} names may contain at most one, unless they start with the reserved 'knp.default.' or 'ossg.default.' prefixes.`, data: { name, reason: 'namespaced-policy' } };
  }
  return undefined;
}

export const rule: ResourceRule = {
  code: 'invalid-name',
  severity: 'error',
  origin: 'validator',
  summary: 'A resource name that breaks the naming rules Calico applies to its kind.',
  check(ctx) {
    const meta = mapField(ctx.root, 'metadata');
    const value = getPair(meta, 'name')?.value;
    if (!value || value.kind !== 'scalar' || value.type !== 'string') return;
    const problem = nameProblem(ctx.kind, value.value as string);
    if (problem) ctx.report('invalid-name', { ...nodeSpan(value), message: problem.message, data: problem.data });
  },
};
