/**
 * Comment-based silencing of diagnostics.
 *
 * Syntax (documented in docs/suppressing.md):
 * - `# calico-ignore` at the end of a line silences every diagnostic that starts on that line;
 *   on a line of its own it silences the next line that is not blank or a comment.
 * - `# calico-ignore-file` anywhere silences the whole file.
 * - Either may be followed by rule codes (`# calico-ignore untracked-asymmetric, failsafe-port`) to
 *   silence only those; text after ` -- ` is a free-form reason and is ignored.
 *
 * Invariant: only real YAML comments count. A `#` inside a quoted or block scalar is content, so
 * callers pass the spans of all scalars and matches inside them are skipped.
 */
import type { Span } from '../types';

export interface LineIgnore {
  /** Span of the line the directive applies to (relative to the analysed text). */
  start: number;
  end: number;
  /** `null` means every code. */
  codes: string[] | null;
}

export interface Suppressions {
  lines: LineIgnore[];
  /** Codes silenced for the whole file; `null` = everything; `undefined` = nothing. */
  file?: string[] | null;
}

const DIRECTIVE = /#[ \t]*calico-ignore(-file)?(?=$|[ \t\r\n:,])([^\n]*)/g;

function parseCodes(rest: string): string[] | null {
  let body = rest.replace(/^[ \t]*:?/, '');
  const reason = body.indexOf(' -- ');
  if (reason !== -1) body = body.slice(0, reason);
  else if (body.trimStart().startsWith('--')) body = '';
  const codes = body.split(/[\s,]+/).filter((c) => c.length > 0);
  return codes.length === 0 ? null : codes;
}

function lineStart(text: string, i: number): number {
  return text.lastIndexOf('\n', i - 1) + 1;
}

function lineEndAt(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl;
}

/** Whether `at` lies inside one of `spans` (sorted by start; a binary search, then a short walk back). */
function insideAny(spans: readonly Span[], ends: readonly number[], at: number): boolean {
  // Last span starting at or before `at`; `ends[i]` is the largest end among spans 0..i, so a span
  // that covers `at` exists exactly when that running maximum passes it.
  let lo = 0;
  let hi = spans.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.start <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && ends[found]! > at;
}

/**
 * Finds suppression directives in `text`; `scalarSpans` lists spans that are not comments.
 * Linear in the text plus the directives (times the logarithm of the scalar count): a file of
 * thousands of directives must not cost directives × scalars, nor rescan the comment lines that
 * several own-line directives share.
 */
export function findSuppressions(text: string, scalarSpans: () => readonly Span[]): Suppressions {
  const result: Suppressions = { lines: [] };
  if (!text.includes('calico-ignore')) return result;
  const spans = [...scalarSpans()].sort((a, b) => a.start - b.start);
  const ends: number[] = new Array<number>(spans.length);
  let maxEnd = -1;
  spans.forEach((sp, i) => {
    maxEnd = Math.max(maxEnd, sp.end);
    ends[i] = maxEnd;
  });
  // The last "next line with content" found for an own-line directive, and where the search
  // started: a later directive inside that stretch of comments has the same answer.
  let searchedFrom = -1;
  let found: { start: number; end: number } | undefined;
  DIRECTIVE.lastIndex = 0;
  for (let m = DIRECTIVE.exec(text); m; m = DIRECTIVE.exec(text)) {
    const at = m.index;
    const prev = at === 0 ? 10 : text.charCodeAt(at - 1);
    if (!(prev === 10 || prev === 13 || prev === 32 || prev === 9)) continue;
    if (insideAny(spans, ends, at)) continue;
    const codes = parseCodes(m[2] ?? '');
    if (m[1]) {
      if (result.file === null) continue;
      result.file = codes === null ? null : [...(result.file ?? []), ...codes];
      continue;
    }
    const ls = lineStart(text, at);
    const ownLine = text.slice(ls, at).trim() === '';
    if (!ownLine) {
      result.lines.push({ start: ls, end: lineEndAt(text, at), codes });
      continue;
    }
    // A directive on its own line applies to the next line with content.
    let next = lineEndAt(text, at) + 1;
    if (searchedFrom !== -1 && searchedFrom <= next && (found === undefined || next <= found.start)) {
      if (found) result.lines.push({ start: found.start, end: found.end, codes });
      continue;
    }
    searchedFrom = next;
    found = undefined;
    while (next < text.length) {
      const end = lineEndAt(text, next);
      const line = text.slice(next, end).trim();
      if (line !== '' && !line.startsWith('#')) {
        found = { start: next, end };
        result.lines.push({ start: next, end, codes });
        break;
      }
      next = end + 1;
    }
  }
  // Almost always in order already; not when a comment line ends with a directive of its own
  // between an own-line directive and the line that one applies to.
  result.lines.sort((a, b) => a.start - b.start);
  return result;
}

/**
 * True when a diagnostic with this code starting at `offset` is silenced by a line directive.
 * `lines` is sorted by start (and so by end: each entry is one whole line), so a binary search
 * finds the candidates.
 */
export function isLineSuppressed(s: Suppressions, code: string, offset: number): boolean {
  const lines = s.lines;
  let lo = 0;
  let hi = lines.length;
  // First entry whose line ends at or after `offset`.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.end < offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < lines.length && lines[i]!.start <= offset; i++) {
    const l = lines[i]!;
    if (offset <= l.end && (l.codes === null || l.codes.includes(code))) return true;
  }
  return false;
}

/** True when the file-level directive silences `code`. */
export function isFileSuppressed(file: string[] | null | undefined, code: string): boolean {
  if (file === undefined) return false;
  return file === null || file.includes(code);
}
