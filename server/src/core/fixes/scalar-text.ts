/**
 * Rewriting one scalar value in place, for the fixes that replace a value the diagnostic points
 * at (an enum word, a kind, a protocol) or change how it is quoted. The user's style is kept: a
 * quoted value keeps its quotes and only the characters between them change; a plain value stays
 * plain unless the new text would then be read as something other than a string (YAML 1.1
 * typing), in which case it is double-quoted.
 *
 * A diagnostic's span starts after any tag or anchor, so those stay as written. Values this module
 * does not handle exactly (block scalars, aliases, a span that is not one delimited scalar) get no edit, so the caller offers no fix rather than a wrong one.
 * Invariant: pure functions of the text and the span; edits touch only the span.
 */
import type { TextEdit } from '../types';
import { resolvePlainScalar } from '../yaml/scalars';

export interface ScalarText {
  style: 'plain' | 'single' | 'double';
  /** The characters between the quotes (the whole text for a plain scalar). */
  inner: string;
  /** Where `inner` starts and ends in the document's text. */
  innerStart: number;
  innerEnd: number;
}

/** The scalar written at `[start, end)`, when it is a plain or flow-quoted scalar on its own. */
export function scalarText(text: string, start: number, end: number): ScalarText | undefined {
  if (!(start >= 0 && start < end && end <= text.length)) return undefined;
  const raw = text.slice(start, end);
  const first = raw[0]!;
  if (first === '"' || first === "'") {
    if (raw.length < 2 || raw[raw.length - 1] !== first) return undefined;
    return { style: first === '"' ? 'double' : 'single', inner: raw.slice(1, -1), innerStart: start + 1, innerEnd: end - 1 };
  }
  // Block scalars, aliases (the span of `*x`), tags, anchors and flow collections are not one plain word.
  if ('|>*!&[{'.includes(first)) return undefined;
  return { style: 'plain', inner: raw, innerStart: start, innerEnd: end };
}

/** Words that are safe as plain scalars in block and flow context (no indicator characters). */
function isPlainWord(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 47 || (i > 0 && (c === 45 || c === 58));
    if (!ok) return false;
  }
  return resolvePlainScalar(s).type === 'string';
}

/**
 * An edit that makes the scalar at `[start, end)` the string `value`, in the scalar's own style;
 * undefined when the scalar is not one this module rewrites.
 */
export function replaceScalarValue(text: string, start: number, end: number, value: string): TextEdit | undefined {
  const s = scalarText(text, start, end);
  if (!s) return undefined;
  if (s.style === 'plain') {
    return { start, end, newText: isPlainWord(value) ? value : JSON.stringify(value) };
  }
  if (s.style === 'single') {
    return { start: s.innerStart, end: s.innerEnd, newText: value.replace(/'/g, "''") };
  }
  // JSON's escapes are valid YAML double-quoted escapes.
  return { start: s.innerStart, end: s.innerEnd, newText: JSON.stringify(value).slice(1, -1) };
}
