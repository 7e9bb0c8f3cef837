/**
 * Shared reading of an IPPool spec for the IPPool rules: the CIDR as the CRD's CEL `cidr()`
 * function parses it (rules that depend on it are skipped when it does not parse, since that is
 * reported elsewhere), the encapsulation modes, and the allowed uses.
 *
 * Invariant: never throws; missing or wrongly typed fields read as unset.
 */
import type { ParsedCidr } from '../../util/ip';
import type { YMap, YPair } from '../../yaml/tree';
import { celCidr } from './go-net';
import { bool, present, str } from './walk';

export interface PoolView {
  spec: YMap;
  cidr?: ParsedCidr;
  cidrPair?: YPair;
  /** The encapsulation mode pair when it is set to a mode other than Never. */
  ipip?: YPair;
  vxlan?: YPair;
  disabled: boolean;
  /** Allowed uses as written; undefined when the field is absent. */
  uses?: string[];
  usesPair?: YPair;
}

function enabledMode(spec: YMap, key: string): YPair | undefined {
  const p = present(spec, key);
  const v = str(p?.value);
  return p && (v === 'Always' || v === 'CrossSubnet') ? p : undefined;
}

export function readPool(spec: YMap): PoolView {
  const view: PoolView = { spec, disabled: bool(present(spec, 'disabled')?.value) === true };
  const cidrPair = present(spec, 'cidr');
  const text = str(cidrPair?.value);
  if (cidrPair && text !== undefined) {
    view.cidrPair = cidrPair;
    const c = celCidr(text);
    if (c) view.cidr = c;
  }
  const ipip = enabledMode(spec, 'ipipMode');
  if (ipip) view.ipip = ipip;
  const vxlan = enabledMode(spec, 'vxlanMode');
  if (vxlan) view.vxlan = vxlan;
  const usesPair = present(spec, 'allowedUses');
  if (usesPair?.value?.kind === 'seq') {
    view.usesPair = usesPair;
    view.uses = usesPair.value.items.map((i) => str(i)).filter((s): s is string => s !== undefined);
  }
  return view;
}
