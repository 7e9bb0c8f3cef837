/**
 * Quick fixes that write the value a diagnostic's message suggests, found by code and `data`
 * (`data.suggestion`), never by the message:
 *
 * - `invalid-value` (an enum value, "Did you mean 'Ingress'?"): safe when the suggestion differs
 *   from what is written only in letter case (`ingress` → `Ingress`, `allow` → `Allow`): Calico
 *   compares enum values exactly, so the only reading of `allow` it could accept is `Allow`.
 *   A suggestion found by edit distance is unsafe (offered, never applied by fix-all): `Denny`
 *   is surely `Deny`, but a near miss between two actions or modes is a choice of meaning.
 * - `invalid-protocol` and `invalid-choice` only suggest a value when the letter case is the sole
 *   difference (`tcp` → `TCP`), so their fixes are safe.
 * - `misspelled-kind`: safe when the suggestion is the same kind in another case or the singular
 *   of a plural (`Networkpolicy`, `GlobalNetworkPolicies`) and the resource, once its kind is
 *   right, has no error (a misspelled kind hides every other check of the resource, so the
 *   corrected resource is analysed here once, and the fix is unsafe when that shows errors, rather
 *   than dropped by the engine); unsafe for any other near miss, since another kind is another
 *   resource type (`StagedNetworkPolicy` is not `NetworkPolicy`).
 * - `invalid-cidr`: the suggestion (a one-address CIDR for a bare address, the network address of
 *   a CIDR with host bits) picks one of several meanings (was `10.0.0.1/24` meant as /32?), so the
 *   fix is unsafe.
 *
 * Every edit replaces only the characters of the value, inside its quotes when it is quoted
 * (`scalar-text.ts`), after any tag; values reached through an alias and block scalars get no fix.
 */
import type { Diagnostic, Fix, TextEdit } from '../types';
import type { FixContext, FixProvider } from '../rules/types';
import { analyzeSegment } from '../analysis/segment';
import { applyEdits } from './edits';
import { replaceScalarValue, scalarText } from './scalar-text';

interface SuggestionData {
  suggestion?: unknown;
}

function suggestionOf(d: Diagnostic): string | undefined {
  const s = (d.data as SuggestionData | undefined)?.suggestion;
  return typeof s === 'string' && s.length > 0 ? s : undefined;
}

/** The current text of the value and the edit that writes `suggestion` in its place. */
function rewrite(ctx: FixContext, suggestion: string): { current: string; edit: TextEdit } | undefined {
  const { start, end } = ctx.diagnostic;
  const s = scalarText(ctx.text, start, end);
  if (!s || s.inner === suggestion) return undefined;
  const edit = replaceScalarValue(ctx.text, start, end, suggestion);
  return edit ? { current: s.inner, edit } : undefined;
}

const sameLetters = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function fix(id: string, suggestion: string, safe: boolean, edit: TextEdit): Fix {
  return { id, title: `Change to '${suggestion}'`, safe, edits: [edit] };
}

export const suggestEnumValue: FixProvider = {
  code: 'invalid-value',
  fixes(ctx) {
    const suggestion = suggestionOf(ctx.diagnostic);
    const r = suggestion && rewrite(ctx, suggestion);
    return r ? [fix('use-suggested-value', suggestion, sameLetters(r.current, suggestion), r.edit)] : [];
  },
};

/** For the codes whose rules suggest a value only when the letter case is the one difference. */
function caseOnly(code: string): FixProvider {
  return {
    code,
    fixes(ctx) {
      const suggestion = suggestionOf(ctx.diagnostic);
      const r = suggestion && rewrite(ctx, suggestion);
      // The rules promise a case-only suggestion; should one ever differ otherwise, it is a guess.
      return r ? [fix('use-suggested-value', suggestion, sameLetters(r.current, suggestion), r.edit)] : [];
    },
  };
}

export const suggestProtocolCase = caseOnly('invalid-protocol');
export const suggestChoiceCase = caseOnly('invalid-choice');

export const suggestCidr: FixProvider = {
  code: 'invalid-cidr',
  fixes(ctx) {
    const suggestion = suggestionOf(ctx.diagnostic);
    const r = suggestion && rewrite(ctx, suggestion);
    return r ? [fix('use-suggested-cidr', suggestion, false, r.edit)] : [];
  },
};

/**
 * How many corrected resources one request may analyse for `misspelled-kind` (a document holds
 * one resource, but a `List` may hold many): beyond it the fixes are offered as unsafe without
 * the check, so the work stays linear in the document.
 */
const KIND_CHECK_BUDGET = 4;

function isError(d: Diagnostic): boolean {
  return d.severity === 'error' || d.code === 'internal-error';
}

/** True when the document, with `edit` applied, has no error the original does not have. */
function addsNoError(ctx: FixContext, edit: TextEdit): boolean {
  const used = (ctx.memo.get('misspelled-kind-checks') as number | undefined) ?? 0;
  if (used >= KIND_CHECK_BUDGET) return false;
  ctx.memo.set('misspelled-kind-checks', used + 1);
  const before = new Map<string, number>();
  for (const d of ctx.problems) if (isError(d)) before.set(`${d.code}\u0000${d.message}`, (before.get(`${d.code}\u0000${d.message}`) ?? 0) + 1);
  for (const d of analyzeSegment(applyEdits(ctx.text, [edit])).diagnostics) {
    if (!isError(d)) continue;
    const key = `${d.code}\u0000${d.message}`;
    const n = before.get(key) ?? 0;
    if (n === 0) return false;
    before.set(key, n - 1);
  }
  return true;
}

/** The singular Calico would want for a plural kind (`…Policies` → `…Policy`, `…Sets` → `…Set`). */
function singular(kind: string): string {
  if (kind.endsWith('ies')) return `${kind.slice(0, -3)}y`;
  if (kind.endsWith('s')) return kind.slice(0, -1);
  return kind;
}

export const suggestKind: FixProvider = {
  code: 'misspelled-kind',
  fixes(ctx) {
    const suggestion = suggestionOf(ctx.diagnostic);
    const r = suggestion && rewrite(ctx, suggestion);
    if (!r) return [];
    const evident = sameLetters(r.current, suggestion) || sameLetters(singular(r.current), suggestion);
    return [{ id: 'use-suggested-kind', title: `Change the kind to '${suggestion}'`, safe: evident && addsNoError(ctx, r.edit), edits: [r.edit] }];
  },
};
