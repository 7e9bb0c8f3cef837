/**
 * The three output formats of `calico-lint`. Each takes the checked files with their diagnostics
 * already converted to 0-based LSP ranges (by `common/positions.ts`) and returns the text to print.
 *
 * Invariant: the work is linear in the size of the files plus the number of diagnostics. A file's
 * line table is built once for all its diagnostics, a code frame reads at most a few hundred
 * characters however long its lines are, and per-file values (the SARIF URI) are computed once.
 */
import type { Severity } from '../core';
import { RULES_BY_CODE } from '../core';
import type { Range } from 'vscode-languageserver';
import { mapperFor, type PositionMapper } from '../common/positions';

export interface ReportedDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Other places the finding involves (the rule that drops the replies, an earlier definition…). */
  related?: Array<{ path: string; range: Range; message: string }>;
}

export interface ReportedFile {
  path: string;
  text: string;
  diagnostics: ReportedDiagnostic[];
}

const SEVERITY_COLOR: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };
const RESET = '\x1b[0m';

/**
 * Source lines longer than this many characters are shown as an excerpt around the diagnostic
 * instead of whole. A minified or generated file can hold megabytes on one line with thousands of
 * diagnostics on it; printing that line under each of them made the report (and the time to build
 * it) grow with diagnostics × line length. An excerpt keeps every code frame small, so the report
 * grows with the number of diagnostics only.
 */
export const MAX_FRAME_WIDTH = 200;
/** How many characters an excerpt shows before the start of the range it points at. */
const LEAD = 40;
/** Marks the side where an excerpt cut the line. Plain ASCII so every terminal shows it as wide as it is. */
const CUT = '...';

/**
 * Counts the work of the text report, for tests: how many line tables were built (one per file
 * with diagnostics) and how many source characters were read to draw the code frames. Both must
 * grow linearly with file size plus diagnostics; test/cli/report-work.test.ts holds them to it.
 */
export const textReportWork = { lineTables: 0, charactersRead: 0 };

/** One file's lines, found once: the line table is built on first use and shared by all frames. */
class SourceLines {
  private mapper: PositionMapper | undefined;
  constructor(private readonly text: string) {}

  private table(): PositionMapper {
    if (!this.mapper) {
      textReportWork.lineTables++;
      textReportWork.charactersRead += this.text.length;
      this.mapper = mapperFor(this.text);
    }
    return this.mapper;
  }

  /** `[start, end)` of line `n`'s content (without its line break), or undefined past the last line. */
  bounds(n: number): { start: number; end: number } | undefined {
    const t = this.table();
    const start = t.offsetAt({ line: n, character: 0 });
    if (n > 0 && t.positionAt(start).line !== n) return undefined;
    return { start, end: t.offsetAt({ line: n, character: Number.MAX_SAFE_INTEGER }) };
  }

  /** Characters `[from, to)` of the text, counted as read. */
  slice(from: number, to: number): string {
    textReportWork.charactersRead += Math.max(0, to - from);
    return this.text.slice(from, to);
  }
}

/** Expands tabs for display so the caret lines up; returns the display column of `character`. */
function displayPrefix(line: string, character: number): { shown: string; column: number } {
  let shown = '';
  let column = 0;
  for (let i = 0; i < line.length; i++) {
    if (i === character) column = shown.length;
    shown += line[i] === '\t' ? '  ' : line[i];
  }
  if (character >= line.length) column = shown.length + (character - line.length);
  return { shown, column };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The columns `[from, to)` that every line of a frame shows: from the start of the line when the
 * focus line is short, otherwise from a little before `character`; MAX_FRAME_WIDTH characters
 * either way. The window never splits a surrogate pair.
 */
function frameWindow(text: string, line: { start: number; end: number }, character: number): { from: number; to: number } {
  const length = line.end - line.start;
  if (length <= MAX_FRAME_WIDTH) return { from: 0, to: MAX_FRAME_WIDTH };
  let from = Math.max(0, Math.min(character - LEAD, length - MAX_FRAME_WIDTH));
  let to = from + MAX_FRAME_WIDTH;
  if (from > 0 && isLowSurrogate(text.charCodeAt(line.start + from))) from--;
  if (to < length && isLowSurrogate(text.charCodeAt(line.start + to))) to++;
  return { from, to };
}

function codeFrame(text: string, lines: SourceLines, d: ReportedDiagnostic, color: boolean): string {
  const { start, end } = d.range;
  const out: string[] = [];
  const width = String(end.line + 2).length;
  const focus = lines.bounds(start.line) ?? { start: text.length, end: text.length };
  // Every line of the frame shows the same columns, so the caret and the context stay aligned.
  const { from, to } = frameWindow(text, focus, start.character);
  const lead = from > 0 ? CUT : '';
  for (let n = Math.max(0, start.line - 1); n <= start.line + 1; n++) {
    const b = n === start.line ? focus : lines.bounds(n);
    if (!b) continue;
    const line = lines.slice(Math.min(b.end, b.start + from), Math.min(b.end, b.start + to));
    const tail = b.end - b.start > to ? CUT : '';
    const { shown } = displayPrefix(line, 0);
    const marker = n === start.line ? '>' : ' ';
    out.push(`${marker} ${String(n + 1).padStart(width)} | ${lead}${shown}${tail}`);
    if (n === start.line) {
      const a = displayPrefix(line, start.character - from).column;
      const endChar = Math.min(end.line === start.line ? end.character : focus.end - focus.start, to);
      const z = Math.max(a + 1, displayPrefix(line, endChar - from).column);
      const caret = '^'.repeat(z - a);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(lead.length + a)}${color ? SEVERITY_COLOR[d.severity] + caret + RESET : caret}`);
    }
  }
  return out.join('\n');
}

export function formatText(files: readonly ReportedFile[], color: boolean): string {
  const out: string[] = [];
  const totals: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of files) {
    const lines = new SourceLines(f.text);
    for (const d of f.diagnostics) {
      totals[d.severity]++;
      const sev = color ? `${SEVERITY_COLOR[d.severity]}${d.severity}${RESET}` : d.severity;
      out.push(`${f.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${sev} ${d.code} ${d.message}`);
      out.push(codeFrame(f.text, lines, d, color));
      for (const r of d.related ?? []) out.push(`  note: ${r.path}:${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`);
      out.push('');
    }
  }
  const parts = (['error', 'warning', 'information', 'hint'] as const).filter((s) => totals[s] > 0).map((s) => `${totals[s]} ${s}${totals[s] === 1 || s === 'information' ? '' : 's'}`);
  out.push(parts.length === 0 ? `${files.length} file${files.length === 1 ? '' : 's'} checked, no problems found.` : `${files.length} file${files.length === 1 ? '' : 's'} checked: ${parts.join(', ')}.`);
  return out.join('\n') + '\n';
}

export function formatJson(files: readonly ReportedFile[]): string {
  return (
    JSON.stringify({
      files: files.map((f) => ({
        path: f.path,
        diagnostics: f.diagnostics.map((d) => (d.related ? { code: d.code, severity: d.severity, message: d.message, range: d.range, related: d.related } : { code: d.code, severity: d.severity, message: d.message, range: d.range })),
      })),
    }) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function toSarifUri(path: string): string {
  // Reported files carry '<stdin>' for standard input (see main.ts); '<' and '>' are not URI characters.
  if (path === '<stdin>' || path === '-') return 'stdin';
  return path
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export function formatSarif(files: readonly ReportedFile[], version: string, docsUrl: (code: string) => string | undefined): string {
  const used = new Set<string>();
  for (const f of files) for (const d of f.diagnostics) used.add(d.code);
  const ruleIds = [...RULES_BY_CODE.keys()].filter((c) => used.has(c)).concat([...used].filter((c) => !RULES_BY_CODE.has(c)));
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const meta = RULES_BY_CODE.get(id);
    const rule: Record<string, unknown> = { id, name: id, shortDescription: { text: meta?.summary ?? id } };
    const help = docsUrl(id);
    if (help) rule['helpUri'] = help;
    if (meta) rule['defaultConfiguration'] = { level: SARIF_LEVEL[meta.severity] };
    return rule;
  });
  const results = files.flatMap((f) => {
    const uri = toSarifUri(f.path);
    return f.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      ...(d.related
        ? {
            relatedLocations: d.related.map((r, i) => ({
              id: i,
              message: { text: r.message },
              physicalLocation: {
                artifactLocation: { uri: toSarifUri(r.path) },
                region: { startLine: r.range.start.line + 1, startColumn: r.range.start.character + 1, endLine: r.range.end.line + 1, endColumn: r.range.end.character + 1 },
              },
            })),
          }
        : {}),
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            },
          },
        },
      ],
    }));
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'calico-lint', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
