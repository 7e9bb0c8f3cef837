/**
 * The first check every Calico resource goes through: is `kind` one we know, and does the resource
 * match its kind's schema? Later rules only run when the kind is known, since they rely on it.
 */
import type { ResourceContext } from './types';
import { getPair } from '../yaml/tree';
import { hasSchema, validateSchema } from '../schema/validate';
import { KINDS } from '../schema/catalog';
import { closest } from '../util/strings';
import { typeMismatchMessage } from './type-mismatch';

// Calico v3 kinds that calicoctl handles but that have no CRD among the schemas we generate.
const CALICOCTL_ONLY_KINDS = new Set(['Profile', 'WorkloadEndpoint', 'Node']);

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
  if (!hasSchema(kind)) {
    const names = KINDS.map((k) => k.kind);
    const singular = kind.endsWith('ies') ? `${kind.slice(0, -3)}y` : kind.endsWith('s') ? kind.slice(0, -1) : kind;
    const near = CALICOCTL_ONLY_KINDS.has(kind) ? undefined : (closest(kind, names) ?? (names.includes(singular) ? singular : closest(singular, names)));
    if (near) {
      ctx.report('misspelled-kind', {
        start: kv.start,
        end: kv.end,
        message: `Calico has no kind '${kind}'; did you mean '${near}'? Kinds are singular and case-sensitive.`,
        data: { kind, suggestion: near },
      });
    } else {
      const served = CALICOCTL_ONLY_KINDS.has(kind);
      ctx.report('unknown-kind', {
        start: kv.start,
        end: kv.end,
        message: served
          ? `${kind} is a Calico kind that calicoctl manages without a CRD; this tool does not validate its contents.`
          : `'${kind}' is not a projectcalico.org/v3 kind this tool validates (it may be a Calico Enterprise kind); its contents are not checked.`,
        data: { kind },
      });
    }
    return false;
  }
  validateSchema(kind, ctx.root, ctx.report);
  return true;
}
