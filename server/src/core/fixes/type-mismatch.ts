/**
 * Quick fixes for `type-mismatch` where the value is right but written as the wrong YAML type,
 * the cases its message explains:
 *
 * - a quoted number where a number belongs (`order: "100"`): remove the quotes. Safe, and only
 *   offered when the unquoted text reads as the same number (`"010"` would become octal 8 under
 *   YAML 1.1, `"1.5"` is no integer), so the value Calico gets is the one written.
 * - a quoted `true`/`false` where a boolean belongs: remove the quotes (safe). A quoted `"yes"`,
 *   `"on"`, `"no"` or `"off"` becomes `true`/`false`, unsafe: those words are booleans only under
 *   YAML 1.1's rules, and the author may have meant something else.
 * - an unquoted number or boolean where text belongs (`enabled: yes` in a label, `value: 8080`):
 *   quote it (safe): the string is exactly the characters written. Double quotes are used; the
 *   texts quoted here (numbers and boolean words) never need escaping.
 *
 * The provider reads the expected types from `data.expected` and the value from the document's
 * text at the diagnostic's span, never from the message. Aliases and block scalars get no fix
 * (see `scalar-text.ts`).
 */
import type { Fix } from '../types';
import type { FixProvider } from '../rules/types';
import { resolvePlainScalar } from '../yaml/scalars';
import { scalarText } from './scalar-text';

interface TypeMismatchData {
  expected?: unknown;
}

const YAML11_BOOLEANS: Readonly<Record<string, string>> = { yes: 'true', on: 'true', y: 'true', no: 'false', off: 'false', n: 'false' };

export const fixTypeMismatch: FixProvider = {
  code: 'type-mismatch',
  fixes({ text, diagnostic }) {
    const raw = (diagnostic.data as TypeMismatchData | undefined)?.expected;
    const expected = new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
    const s = scalarText(text, diagnostic.start, diagnostic.end);
    if (!s || expected.size === 0) return [];
    const whole = { start: diagnostic.start, end: diagnostic.end };
    const out: Fix[] = [];
    if (s.style === 'plain') {
      if (!expected.has('string')) return [];
      const typed = resolvePlainScalar(s.inner);
      if (typed.type === 'integer' || typed.type === 'float' || typed.type === 'boolean') {
        out.push({ id: 'quote-value', title: `Quote '${s.inner}' to make it a string`, safe: true, edits: [{ ...whole, newText: `"${s.inner}"` }] });
      }
      return out;
    }
    const wantsNumber = expected.has('integer') || expected.has('number');
    if (wantsNumber && /^-?[0-9]+(\.[0-9]+)?$/.test(s.inner)) {
      const typed = resolvePlainScalar(s.inner);
      const sameNumber = typed.value === Number(s.inner) && (typed.type === 'integer' || (typed.type === 'float' && expected.has('number')));
      if (sameNumber) out.push({ id: 'unquote-number', title: 'Remove the quotes to make it a number', safe: true, edits: [{ ...whole, newText: s.inner }] });
      return out;
    }
    if (expected.has('boolean')) {
      const lower = s.inner.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        out.push({ id: 'unquote-boolean', title: 'Remove the quotes to make it a boolean', safe: true, edits: [{ ...whole, newText: lower }] });
      } else if (YAML11_BOOLEANS[lower]) {
        out.push({ id: 'unquote-boolean', title: `Write '${YAML11_BOOLEANS[lower]}' without quotes`, safe: false, edits: [{ ...whole, newText: YAML11_BOOLEANS[lower]! }] });
      }
    }
    return out;
  },
};
