/**
 * The checks of the fix-contract property test (`fix-contract.test.ts`), one generated file at a
 * time, kept apart from the test so a failing seed can be replayed on its own.
 */
import { Workspace, applyEdits, chooseFixes, fixAll, fixesFor, type Diagnostic, type Fix, type TextEdit } from '../../server/src/core';
import { generateFile } from './untracked-policies';

export function analyse(text: string): { ws: Workspace; diagnostics: Diagnostic[] } {
  const ws = new Workspace();
  ws.setFile('f', text);
  return { ws, diagnostics: ws.diagnostics('f') };
}

function key(d: Diagnostic): string {
  return `${d.code}: ${d.message}`;
}

function multiset(list: readonly Diagnostic[], keep: (d: Diagnostic) => boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of list) if (keep(d)) m.set(key(d), (m.get(key(d)) ?? 0) + 1);
  return m;
}

const isError = (d: Diagnostic): boolean => d.severity === 'error' || d.code === 'internal-error';
const isSyntax = (d: Diagnostic): boolean => d.code === 'yaml-syntax' || d.code === 'duplicate-key';

/** What `after` has more of than `before`. */
function added(before: Map<string, number>, after: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of after) if (n > (before.get(k) ?? 0)) out.push(`${k} (${before.get(k) ?? 0} → ${n})`);
  return out;
}

function commentCount(text: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const c of text.match(/# c\d+/g) ?? []) m.set(c, (m.get(c) ?? 0) + 1);
  return m;
}

/** Lines of `text` with their start offsets; each line keeps its line break. */
function lines(text: string): Array<{ start: number; text: string }> {
  const out: Array<{ start: number; text: string }> = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl + 1;
    out.push({ start: at, text: text.slice(at, end) });
    at = end;
  }
  return out;
}

/**
 * Problems with `after = applyEdits(before, edits)` as a layout-keeping change: an untouched line
 * must appear at its shifted offset, start a line there, and end one.
 */
function untouchedLineProblems(before: string, after: string, edits: readonly TextEdit[]): string[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const problems: string[] = [];
  let shift = 0;
  let e = 0;
  for (const line of lines(before)) {
    const end = line.start + line.text.length;
    while (e < sorted.length && sorted[e]!.end <= line.start) {
      shift += sorted[e]!.newText.length - (sorted[e]!.end - sorted[e]!.start);
      e++;
    }
    // An insertion inside the line, or at the end of a last line that has no line break, edits it.
    const last = !line.text.endsWith('\n');
    const touched = sorted.some((x) => (x.start < end && x.end > line.start && x.end > x.start) || (x.start === x.end && x.start > line.start && (x.start < end || (last && x.start === end))));
    if (touched) continue;
    const at = line.start + shift;
    const ok =
      after.slice(at, at + line.text.length) === line.text &&
      (at === 0 || after[at - 1] === '\n') &&
      (line.text.endsWith('\n') || at + line.text.length === after.length || after[at + line.text.length] === '\n' || after[at + line.text.length] === '\r');
    if (!ok) problems.push(`line at ${line.start} ${JSON.stringify(line.text)} is not intact`);
  }
  return problems;
}

export interface Failure {
  seed: number;
  what: string;
}

function checkResult(seed: number, label: string, input: string, output: string, before: Diagnostic[], strict: boolean, out: Failure[]): Diagnostic[] {
  const after = analyse(output).diagnostics;
  const fail = (what: string): void => void out.push({ seed, what: `${label}: ${what}` });
  const syntax = added(multiset(before, isSyntax), multiset(after, isSyntax));
  if (syntax.length > 0) fail(`breaks the YAML: ${syntax.join('; ')}`);
  const lost = added(commentCount(output), commentCount(input));
  if (lost.length > 0) fail(`loses comments: ${lost.join(', ')}`);
  if (input.includes('\r\n') && !input.replace(/\r\n/g, '').includes('\n') && output.replace(/\r\n/g, '').includes('\n')) fail('writes a bare line feed into a CRLF file');
  if (strict) {
    const errors = added(multiset(before, isError), multiset(after, isError));
    if (errors.length > 0) fail(`adds errors: ${errors.join('; ')}`);
  }
  return after;
}

/** True when every edit lies in one document of the file (an insertion may sit at its very end). */
function inOneDocument(ws: Workspace, edits: readonly TextEdit[]): boolean {
  return ws
    .getFile('f')!
    .documents()
    .some((d) => edits.every((e) => e.start >= d.start && e.end <= d.end));
}

export function checkFile(seed: number, stats: Record<string, number>): Failure[] {
  const out: Failure[] = [];
  const { text } = generateFile(seed);
  const { ws, diagnostics } = analyse(text);
  const file = ws.getFile('f')!;
  for (const d of diagnostics) {
    let fixes: Fix[];
    try {
      fixes = fixesFor(file, d, diagnostics);
    } catch (e) {
      out.push({ seed, what: `fixesFor(${d.code}) threw: ${String(e)}` });
      continue;
    }
    for (const fix of fixes) {
      stats[fix.safe ? 'safe fixes' : 'unsafe fixes']!++;
      const label = `${fix.id} for ${d.code} at ${d.start}`;
      if (!inOneDocument(ws, fix.edits)) out.push({ seed, what: `${label}: edits span several documents` });
      let fixed: string;
      try {
        fixed = applyEdits(text, fix.edits);
      } catch (e) {
        out.push({ seed, what: `${label}: ${String(e)}` });
        continue;
      }
      for (const p of untouchedLineProblems(text, fixed, fix.edits)) out.push({ seed, what: `${label}: ${p}` });
      const after = checkResult(seed, label, text, fixed, diagnostics, fix.safe, out);
      if (fix.safe) {
        const k = key(d);
        const n = (xs: Diagnostic[]): number => xs.filter((x) => key(x) === k).length;
        if (n(after) >= n(diagnostics)) out.push({ seed, what: `${label}: does not remove its diagnostic` });
      }
    }
  }
  // fixAll, and the same passes done by hand so each pass's edits can be held to the line test.
  const result = fixAll(text);
  stats['fixAll applied']! += result.applied.length;
  if (result.applied.length > 0) stats['files changed by fixAll']!++;
  checkResult(seed, 'fixAll', text, result.text, diagnostics, true, out);
  let current = text;
  const w = new Workspace();
  w.setFile('f', current);
  for (let pass = 0; pass < 10; pass++) {
    const fixes = chooseFixes(w.getFile('f')!, w.diagnostics('f'), (f) => f.safe);
    if (fixes.length === 0) break;
    const edits = fixes.flatMap((f) => f.edits);
    const next = applyEdits(current, edits);
    for (const p of untouchedLineProblems(current, next, edits)) out.push({ seed, what: `fixAll pass ${pass}: ${p}` });
    current = next;
    w.setFile('f', current);
  }
  if (current !== result.text) out.push({ seed, what: 'fixAll differs from its passes applied by hand' });
  const left = chooseFixes(w.getFile('f')!, w.diagnostics('f'), (f) => f.safe);
  if (left.length > 0) out.push({ seed, what: `fixAll does not converge: ${left.map((f) => f.title).join('; ')} still offered` });
  return out;
}

