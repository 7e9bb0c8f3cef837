/**
 * Helpers for staged policies, shared by the rules that behave differently for them.
 */
import type { YMap } from '../../yaml/tree';
import { mapField, stringScalar } from '../../model/rule-fields';

/** True when the resource's `spec.stagedAction` is exactly `Delete`. */
export function isStagedDelete(root: YMap): boolean {
  return stringScalar(mapField(root, 'spec'), 'stagedAction')?.value === 'Delete';
}
