/**
 * Fix providers by diagnostic code. A provider is found by the diagnostic's `code` and reads its
 * `data`; it never looks at the message, which is free to change wording.
 */
import type { FixProvider } from '../rules/types';
import { renameUnknownField } from './rename-unknown-field';
import { removeShadowedRule } from './remove-rule';
import { addMissingType, mirrorRules, removeConflictingFlag, setApplyOnForward } from './untracked';
import { suggestChoiceCase, suggestCidr, suggestEnumValue, suggestKind, suggestProtocolCase } from './suggested-value';
import { fixTypeMismatch } from './type-mismatch';

const PROVIDERS: readonly FixProvider[] = [
  renameUnknownField,
  setApplyOnForward,
  removeConflictingFlag,
  addMissingType,
  mirrorRules,
  suggestEnumValue,
  suggestProtocolCase,
  suggestChoiceCase,
  suggestCidr,
  suggestKind,
  fixTypeMismatch,
  removeShadowedRule,
];

export const FIX_PROVIDERS: ReadonlyMap<string, readonly FixProvider[]> = (() => {
  const m = new Map<string, FixProvider[]>();
  for (const p of PROVIDERS) m.set(p.code, [...(m.get(p.code) ?? []), p]);
  return m;
})();
