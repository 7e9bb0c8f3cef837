/**
 * The first check every Calico resource goes through: is `kind` one we know, and does the resource
 * match its kind's schema? Later rules only run when the kind is known, since they rely on it.
 *
 * Kinds are those of the edition in use. In the open-source edition a Calico Enterprise/Cloud
 * kind gets the `enterprise-kind` note, and a near miss is matched against the Enterprise kinds
 * too, so that `BFDConfiguration` is never "corrected" into `BGPConfiguration`.
 */
import type { ResourceContext } from './types';
import { getPair } from '../yaml/tree';
import { hasSchema, validateSchema } from '../schema/validate';
import { apiVersionOf, enterpriseOnlyKind, ENTERPRISE_KINDS, kindsOf } from '../schema/catalog';
import { enterpriseKindMessage } from './enterprise-kind';
import { closest, editDistance } from '../util/strings';
import { typeMismatchMessage } from './type-mismatch';

// Calico v3 kinds that calicoctl handles but that have no CRD among the schemas we generate.
const CALICOCTL_ONLY_KINDS = new Set(['Profile', 'WorkloadEndpoint', 'Node']);

const OSS_NAMES = kindsOf('oss').map((k) => k.kind);
const ENTERPRISE_ONLY_NAMES = ENTERPRISE_KINDS.map((k) => k.kind).filter((k) => enterpriseOnlyKind(k) !== undefined);

function guess(kind: string, names: readonly string[]): string | undefined {
  const singular = kind.endsWith('ies') ? `${kind.slice(0, -3)}y` : kind.endsWith('s') ? kind.slice(0, -1) : kind;
  return closest(kind, names) ?? (names.includes(singular) ? singular : closest(singular, names));
}

/**
 * The kind a near miss most likely meant, in either edition. The open-source kinds are tried as
 * they always were; a Calico Enterprise-only kind wins only when it is strictly closer, so that
 * `BFDConfigurations` points to BFDConfiguration (not BGPConfiguration) while `NetworkPolicies`
 * still points to NetworkPolicy (not to Enterprise's `Network`, of which it merely starts with).
 */
function nearestKind(kind: string): string | undefined {
  const oss = guess(kind, OSS_NAMES);
  const enterprise = guess(kind, ENTERPRISE_ONLY_NAMES);
  if (!enterprise) return oss;
  if (!oss) return enterprise;
  const lower = kind.toLowerCase();
  return editDistance(lower, enterprise.toLowerCase()) < editDistance(lower, oss.toLowerCase()) ? enterprise : oss;
}

/** Returns true when later rules should run. */
export function checkResourceShape(ctx: ResourceContext): boolean {
  const kindPair = getPair(ctx.root, 'kind');
  if (!kindPair || !kindPair.value || (kindPair.value.kind === 'scalar' && kindPair.value.type === 'null')) {
    const at = getPair(ctx.root, 'apiVersion')?.key ?? ctx.root;
    ctx.report('required-field', { start: at.start, end: at.end, message: "The resource is missing the required field 'kind'.", data: { field: 'kind', path: '' } });
    return false;
  }
  const kv = kindPair.value;
  if (kv.kind !== 'scalar' || kv.type !== 'string') {
    ctx.report('type-mismatch', { start: kv.start, end: kv.end, message: typeMismatchMessage('kind', ['string'], kv), data: { expected: ['string'] } });
    return false;
  }
  const kind = kv.value as string;
  if (!hasSchema(kind, ctx.edition)) {
    const enterprise = ctx.edition === 'oss' ? enterpriseOnlyKind(kind) : undefined;
    if (enterprise) {
      ctx.report('enterprise-kind', { start: kv.start, end: kv.end, message: enterpriseKindMessage(kind, apiVersionOf(enterprise)), data: { kind, apiVersion: apiVersionOf(enterprise) } });
      return false;
    }
    const near = CALICOCTL_ONLY_KINDS.has(kind) ? undefined : nearestKind(kind);
    if (near) {
      const enterpriseOnly = ctx.edition === 'oss' && enterpriseOnlyKind(near) !== undefined;
      ctx.report('misspelled-kind', {
        start: kv.start,
        end: kv.end,
        message: enterpriseOnly
          ? `Calico has no kind '${kind}'; did you mean '${near}'? That is a Calico Enterprise/Cloud kind (checked only in the Enterprise edition). Kinds are singular and case-sensitive.`
          : `Calico has no kind '${kind}'; did you mean '${near}'? Kinds are singular and case-sensitive.`,
        data: { kind, suggestion: near },
      });
    } else {
      const served = CALICOCTL_ONLY_KINDS.has(kind);
      ctx.report('unknown-kind', {
        start: kv.start,
        end: kv.end,
        message: served
          ? `${kind} is a Calico kind that calicoctl manages without a CRD; this tool does not validate its contents.`
          : ctx.edition === 'oss'
            ? `'${kind}' is not a projectcalico.org/v3 kind this tool validates (it may be a Calico Enterprise kind); its contents are not checked.`
            : `'${kind}' is not a kind of the Calico Enterprise/Cloud API this tool validates; its contents are not checked.`,
        data: { kind },
      });
    }
    return false;
  }
  validateSchema(kind, ctx.root, ctx.report, ctx.edition);
  return true;
}
