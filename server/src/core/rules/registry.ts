/**
 * The list of every rule. Adding a rule means adding its file and one line here (see
 * ARCHITECTURE.md, "Adding a rule"); a test checks that every code has a docs page and fixtures.
 */
import type { ResourceRule, RuleMeta } from './types';
import { rule as yamlSyntax } from './yaml-syntax';
import { rule as duplicateKey } from './duplicate-key';
import { rule as internalError } from './internal-error';
import { rule as documentTooLarge } from './document-too-large';
import { rule as useV3Api } from './use-v3-api';
import { rule as unknownKind } from './unknown-kind';
import { rule as misspelledKind } from './misspelled-kind';
import { rule as enterpriseKind } from './enterprise-kind';
import { rule as invalidApiVersion } from './invalid-api-version';
import { rule as unknownField } from './unknown-field';
import { rule as requiredField } from './required-field';
import { rule as typeMismatch } from './type-mismatch';
import { rule as invalidValue } from './invalid-value';
import { rule as outOfRange } from './out-of-range';
import { rule as duplicateItem } from './duplicate-item';
import { UNTRACKED_RULES } from './untracked';
import { WORKSPACE_RULES } from './workspace-registry';
import { METADATA_RULES } from './metadata';
import { POLICY_RULES } from './policy';
import { KIND_RULES } from './resources';
import { ENTERPRISE_RULES } from './enterprise';
import type { Edition } from '../schema/catalog';
import { CONNTRACK_RESOURCE_RULES, CONNTRACK_RULES } from './conntrack';

/** Every rule, in the order their checks run. */
export const RULES: readonly ResourceRule[] = [
  yamlSyntax,
  duplicateKey,
  internalError,
  documentTooLarge,
  useV3Api,
  unknownKind,
  enterpriseKind,
  misspelledKind,
  invalidApiVersion,
  unknownField,
  requiredField,
  typeMismatch,
  invalidValue,
  outOfRange,
  duplicateItem,
  ...METADATA_RULES,
  ...POLICY_RULES,
  ...KIND_RULES,
  ...ENTERPRISE_RULES,
  ...UNTRACKED_RULES,
  ...CONNTRACK_RESOURCE_RULES,
];

/** Every rule's metadata, per-resource and cross-document rules alike. */
export const ALL_RULE_METAS: readonly RuleMeta[] = [...RULES, ...WORKSPACE_RULES, ...CONNTRACK_RULES];

export const RULES_BY_CODE: ReadonlyMap<string, RuleMeta> = new Map(ALL_RULE_METAS.map((r) => [r.code, r]));

export const ALL_CODES: ReadonlySet<string> = new Set(ALL_RULE_METAS.map((r) => r.code));

// Per edition, per kind (looked up for every resource, so without building a key string).
const byKind = new Map<Edition, Map<string, ResourceRule[]>>();

/** The rules with a check that applies to `kind` in `edition`, in registry order. */
export function resourceRulesFor(kind: string, edition: Edition = 'oss'): readonly ResourceRule[] {
  let kinds = byKind.get(edition);
  if (!kinds) byKind.set(edition, (kinds = new Map()));
  let list = kinds.get(kind);
  if (!list) {
    list = RULES.filter((r) => r.check && (!r.kinds || r.kinds.includes(kind)) && (!r.editions || r.editions.includes(edition)));
    kinds.set(kind, list);
  }
  return list;
}
